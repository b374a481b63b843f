//! The `latih` command line: `serve`, `worker`, `migrate`, `admin create`, `openapi`, `seed`.
//! In the library so that test harnesses can start real nodes of the same build.

use std::io::Write;
use std::process::ExitCode;

use crate::platform::metrics::build_metrics_app;
use crate::{AppState, Settings, build_app, db, openapi, telemetry};
use actix_web::HttpServer;
use clap::{Parser, Subcommand};
use latih_kernel::Clock;

#[derive(Parser)]
#[command(name = "latih", version, about = "Latih: competency development for ASN")]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Apply migrations and serve the API (the default).
    Serve,
    /// Apply migrations and run background jobs only, serving no API.
    Worker,
    /// Apply pending migrations and exit.
    Migrate,
    /// Manage platform admins.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Load data into the database.
    Seed {
        /// A demo organization in Kupang with people and three published courses.
        #[arg(long)]
        demo: bool,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a platform admin.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        #[arg(long)]
        name: String,
    },
}

async fn open(settings: &Settings) -> anyhow::Result<AppState> {
    let db = db::connect(settings).await?;
    db::migrate(&db).await?;
    AppState::new(settings.clone(), db, Clock::system()).await
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let state = open(&settings).await?;
    let listen = settings.listen;
    tracing::info!(%listen, docs = %format!("{}/docs/", settings.public_url()), "serving");
    if settings.job_workers > 0 {
        actix_web::rt::spawn(work(state.clone()));
    }
    let metrics_server = match settings.metrics_listen {
        Some(address) => {
            tracing::info!(%address, "serving /metrics");
            let metrics = state.metrics.clone();
            Some(HttpServer::new(move || build_metrics_app(metrics.clone())).workers(1).bind(address)?.run())
        }
        None => None,
    };
    let server = HttpServer::new(move || build_app(state.clone())).bind(listen)?.run();
    match metrics_server {
        Some(metrics_server) => {
            futures_util::future::try_join(server, metrics_server).await?;
        }
        None => server.await?,
    }
    Ok(())
}

/// Runs jobs until the process is told to stop (SIGINT or SIGTERM); a try under way finishes
/// first, and one cut short by `kill -9` runs again elsewhere when its lease ends.
async fn work(state: AppState) {
    actix_web::rt::spawn(crate::jobs::watch_depth(state.clone(), std::time::Duration::from_secs(15)));
    crate::jobs::runner(&state).run(stop_signal()).await;
}

async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = terminate.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(Command::Openapi) = cli.command {
        let text = openapi::document_json()?;
        std::io::stdout().write_all(text.as_bytes())?;
        return Ok(());
    }
    let settings = Settings::from_env()?;
    telemetry::init(&settings);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::Worker => {
            // A worker node always runs jobs: `LATIH_JOB_WORKERS=0` only keeps `serve` from it.
            let settings = Settings { job_workers: settings.job_workers.max(1), ..settings };
            let state = open(&settings).await?;
            tracing::info!(workers = settings.job_workers, "running background jobs only");
            work(state).await;
            Ok(())
        }
        Command::Migrate => {
            let db = db::connect(&settings).await?;
            db::migrate(&db).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Admin { command: AdminCommand::Create { email, password, name } } => {
            let state = open(&settings).await?;
            let admin = crate::admin::create(&state, &email, password, &name).await?;
            writeln!(std::io::stderr(), "created platform admin {} ({})", admin.email, admin.id)?;
            Ok(())
        }
        Command::Openapi => Ok(()),
        Command::Seed { demo } => {
            if !demo {
                anyhow::bail!("say what to seed: --demo");
            }
            let state = open(&settings).await?;
            let (accounts, added) = crate::seed::demo(&state).await?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "Demo organization PEMKOT-KUPANG (Asia/Makassar, WITA); {added} course(s) added.")?;
            writeln!(out, "Every account's password: {}", crate::seed::DEMO_PASSWORD)?;
            for account in accounts {
                writeln!(out, "  {:<36} {}", account.email, account.role)?;
            }
            Ok(())
        }
    }
}

/// Parses the process's arguments and runs the command; the exit code says how it went.
pub async fn main() -> ExitCode {
    report(run(Cli::parse()).await)
}

/// Runs the command that `args` (program name first) name, as `latih` would: for tools that
/// embed the server and start it as a child process of their own binary (the bench).
pub async fn main_with(args: impl IntoIterator<Item = String>) -> ExitCode {
    match Cli::try_parse_from(args) {
        Ok(cli) => report(run(cli).await),
        Err(error) => {
            let _ = error.print();
            ExitCode::FAILURE
        }
    }
}

fn report(outcome: anyhow::Result<()>) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "latih: {error:#}");
            ExitCode::FAILURE
        }
    }
}
