//! `toegang serve`: the engine over HTTP for case systems (src/http/). Logs go to stderr as JSON
//! lines without any situation or advice in them; Ctrl-C or SIGTERM finishes the requests under
//! way and stops.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;
use toegang::http::{self, Config, Contact, Limits};
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
    /// Requests handled at once; more are answered 503 with Retry-After.
    #[arg(long, default_value_t = Limits::default().concurrency)]
    concurrency: usize,
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
    tracing_subscriber::fmt()
        .json()
        .with_writer(std::io::stderr)
        .init();
    let registry = Arc::new(Registry::bundled()?);
    let config = Config {
        limits: Limits {
            concurrency: args.concurrency.max(1),
            ..Limits::default()
        },
        contact: match (args.contact_name, args.contact_url, args.contact_email) {
            (Some(name), Some(url), Some(email)) => Some(Contact { name, url, email }),
            _ => None,
        },
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(args.host, args.port)).await?;
        let address = listener.local_addr()?;
        println!("toegang API listening on http://{address}/v1 (OpenAPI: http://{address}/v1/openapi.json)");
        http::serve(listener, registry, config, shutdown_signal()).await?;
        eprintln!("toegang API stopped");
        Ok(ExitCode::SUCCESS)
    })
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
