//! The connection loop: HTTP/1.1 connections served by hyper with a deadline on the request
//! headers, and a shutdown that finishes the requests under way but never waits longer than
//! [`Limits::shutdown_grace`](super::Limits): a client that holds a half-sent request cannot keep
//! the server up. (`axum::serve` has neither the header timeout nor the deadline.)

use super::{router, Config, RuleSets};
use axum::serve::Listener;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use tokio::task::JoinSet;

/// Serves the API on `listener` until `shutdown` completes; then stops taking connections,
/// finishes the requests under way and, after the grace period, closes what is still open.
pub async fn serve(
    mut listener: tokio::net::TcpListener,
    rules: impl Into<RuleSets>,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = config.limits;
    let service = TowerToHyperService::new(router(rules, config));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        // `Listener::accept` retries on errors such as too many open files, as axum::serve does.
        let (stream, _) = tokio::select! {
            accepted = Listener::accept(&mut listener) => accepted,
            () = &mut shutdown => break,
        };
        let connection = http.serve_connection(TokioIo::new(stream), service.clone());
        let connection = graceful.watch(connection);
        connections.spawn(async move {
            // A connection's errors (a client gone, a header timeout) are the client's business.
            let _ = connection.await;
        });
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let open = connections.len();
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            target: "toegang::http",
            open,
            grace_ms = limits.shutdown_grace.as_millis() as u64,
            message = "connections still open after the shutdown grace period: closed",
        );
    }
    // Dropping a connection drops its request, which stops the work beside it (admission.rs).
    connections.shutdown().await;
    Ok(())
}
