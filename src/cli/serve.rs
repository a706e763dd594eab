//! `toegang serve`: the engine over HTTP for case systems (src/http/). Logs go to stderr as JSON
//! lines without any situation or advice in them; Ctrl-C or SIGTERM finishes the requests under
//! way and stops.

use axum::http::HeaderValue;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use toegang::http::{self, Config, Contact, Limits, RuleSets};
use toegang::Registry;

#[derive(clap::Args)]
pub struct Args {
    /// The port to listen on; 0 picks a free one (printed at start).
    #[arg(long, default_value_t = 8081)]
    port: u16,
    /// The address to listen on. The default takes requests from this machine only; put the
    /// server behind the municipality's own gateway (TLS, authentication) to open it up.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// A folder of published rule sets (`toegang publish --out DIR`) to answer from instead of the
    /// bundled ones. SIGHUP reads it again: new requests get the new rule sets, requests under
    /// way finish on the old, and a folder with a broken or tampered file keeps the old ones.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Requests computed at once; more are answered 503 with Retry-After.
    #[arg(long, default_value_t = Limits::default().concurrency)]
    concurrency: usize,
    /// The largest request body in bytes; larger ones are answered 413.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().body_bytes)]
    max_body_bytes: usize,
    /// Seconds a request body may take to arrive (and the headers before it); slower ones are
    /// answered 408.
    #[arg(long, value_name = "SECONDS", default_value_t = Limits::default().body_timeout.as_secs_f64())]
    body_timeout: f64,
    /// Seconds a request may compute; then it is answered 503 and its work is stopped.
    #[arg(long, value_name = "SECONDS", default_value_t = Limits::default().timeout.as_secs_f64())]
    timeout: f64,
    /// Seconds a shutdown (Ctrl-C, SIGTERM) waits for the requests under way before it closes
    /// the connections still open.
    #[arg(long, value_name = "SECONDS", default_value_t = Limits::default().shutdown_grace.as_secs_f64())]
    shutdown_grace: f64,
    /// A web origin whose pages may call the API from a browser (CORS), e.g.
    /// https://zaak.gemeente.nl; repeat for more. None by default: only servers can call it.
    #[arg(long = "cors-origin", value_name = "ORIGIN", value_parser = origin)]
    cors_origins: Vec<HeaderValue>,
    /// Who runs this server, for the OpenAPI document's contact (the API Design Rules ask for a
    /// name, a web address and an e-mail address); give all three.
    #[arg(long, requires_all = ["contact_url", "contact_email"])]
    contact_name: Option<String>,
    /// The web page about this API of whoever runs it.
    #[arg(long, requires_all = ["contact_name", "contact_email"])]
    contact_url: Option<String>,
    /// The e-mail address case systems' developers write to.
    #[arg(long, requires_all = ["contact_name", "contact_url"])]
    contact_email: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // A log line that cannot be written (the log's reader gone, a full disk) is dropped: by
    // default the subscriber would then print to stderr with `eprintln!`, which panics on that
    // same stderr and took down every request with it.
    tracing_subscriber::fmt()
        .json()
        .with_writer(std::io::stderr)
        .log_internal_errors(false)
        .init();
    let registry = match &args.rules {
        Some(dir) => Registry::from_published(dir)?,
        None => Registry::bundled()?,
    };
    let rules = RuleSets::new(Arc::new(registry));
    let config = Config {
        limits: Limits {
            concurrency: args.concurrency.max(1),
            body_bytes: args.max_body_bytes,
            body_timeout: seconds(args.body_timeout)?,
            header_timeout: seconds(args.body_timeout)?,
            timeout: seconds(args.timeout)?,
            shutdown_grace: seconds(args.shutdown_grace)?,
            ..Limits::default()
        },
        cors_origins: args.cors_origins,
        contact: match (args.contact_name, args.contact_url, args.contact_email) {
            (Some(name), Some(url), Some(email)) => Some(Contact { name, url, email }),
            _ => None,
        },
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let code = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(args.host, args.port)).await?;
        let address = listener.local_addr()?;
        // Listening for SIGHUP before the address is printed: a hangup sent as soon as the
        // server is up reloads, instead of ending the process (the signal's default). Without
        // `--rules` there is nothing to read again, and a `systemctl reload` must not stop it.
        tokio::spawn(reload_on_hangup(args.rules, rules.clone(), hangups()?));
        // Said where it can be; a closed stdout or stderr does not stop the server.
        let _ = writeln!(
            std::io::stdout(),
            "toegang API listening on http://{address}/v1 (OpenAPI: http://{address}/v1/openapi.json)"
        );
        let _ = std::io::stdout().flush();
        http::serve(listener, rules, config, shutdown_signal()).await?;
        let _ = writeln!(std::io::stderr(), "toegang API stopped");
        Ok::<_, anyhow::Error>(ExitCode::SUCCESS)
    })?;
    // Work a closed connection left on a worker thread has been told to stop; don't wait on it.
    runtime.shutdown_timeout(Duration::from_secs(1));
    Ok(code)
}

/// A duration given in seconds on the command line.
fn seconds(value: f64) -> anyhow::Result<Duration> {
    Duration::try_from_secs_f64(value)
        .map_err(|_| anyhow::anyhow!("{value}: give a number of seconds, 0 or more"))
}

/// An origin as a browser sends it: scheme, host and port, nothing after.
fn origin(value: &str) -> Result<HeaderValue, String> {
    let valid = (value.starts_with("https://") || value.starts_with("http://"))
        && !value
            .trim_end_matches('/')
            .contains(|c: char| c.is_whitespace())
        && value.splitn(4, '/').nth(3).is_none_or(str::is_empty);
    if !valid {
        return Err(format!(
            "`{value}` is not an origin: give scheme and host, such as https://zaak.gemeente.nl"
        ));
    }
    HeaderValue::from_str(value.trim_end_matches('/')).map_err(|e| e.to_string())
}

/// Reads the published rule sets in `dir` again on each SIGHUP (`systemctl reload`, `kill -HUP`),
/// and logs what happened: the rule sets now answering, or why the old ones stay. Without a
/// folder (the bundled rule sets) it says there is nothing to reload, and serves on.
async fn reload_on_hangup(dir: Option<PathBuf>, rules: RuleSets, mut hangups: Hangups) {
    while hangups.recv().await.is_some() {
        let Some(dir) = dir.clone() else {
            tracing::warn!(
                target: "toegang::http",
                message = "nothing to reload: the rule sets are built in; start with --rules DIR to reload a folder",
            );
            continue;
        };
        let (folder, to_reload) = (dir.display().to_string(), rules.clone());
        let reloaded = tokio::task::spawn_blocking(move || to_reload.reload(&dir)).await;
        match reloaded {
            Ok(Ok(())) => tracing::info!(
                target: "toegang::http",
                rules = folder,
                rule_sets = rules.current().rule_sets().count(),
                message = "rule sets reloaded",
            ),
            Ok(Err(e)) => tracing::error!(
                target: "toegang::http",
                rules = folder,
                code = e.code(),
                error = %e,
                message = "rule sets not reloaded: the ones in use stay",
            ),
            Err(e) => {
                tracing::error!(target: "toegang::http", error = %e, message = "reload stopped")
            }
        }
    }
}

/// SIGHUP as a stream (on systems without it, a stream that never yields).
#[cfg(unix)]
type Hangups = tokio::signal::unix::Signal;
#[cfg(unix)]
fn hangups() -> std::io::Result<Hangups> {
    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
}
#[cfg(not(unix))]
struct Hangups;
#[cfg(not(unix))]
impl Hangups {
    async fn recv(&mut self) -> Option<()> {
        std::future::pending().await
    }
}
#[cfg(not(unix))]
fn hangups() -> std::io::Result<Hangups> {
    Ok(Hangups)
}

/// Ctrl-C, or SIGTERM from a service manager.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
