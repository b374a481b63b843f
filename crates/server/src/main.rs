//! The `latih` command: `serve`, `migrate`, `admin create`, `openapi`.

use std::io::Write;
use std::process::ExitCode;

use actix_web::HttpServer;
use clap::{Parser, Subcommand};
use latih_kernel::Clock;
use latih_server::platform::metrics::build_metrics_app;
use latih_server::{AppState, Settings, build_app, db, openapi, telemetry};

#[derive(Parser)]
#[command(name = "latih", version, about = "Latih: competency development for ASN")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Apply migrations and serve the API (the default).
    Serve,
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
    actix_web::rt::spawn(sweep(state.clone()));
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

/// Every few minutes: drops uploads that were declared but never completed and upload keys
/// whose URLs expired, and grades quiz attempts left open past their deadline. Any node may run
/// it: the work is found by a query, not kept in memory.
async fn sweep(state: AppState) {
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(300));
    loop {
        interval.tick().await;
        let swept = latih_media::service::cleanup::expire_stale_uploads(
            &state.db,
            state.media.storage.as_ref(),
            state.clock.now(),
            500,
        )
        .await;
        match swept {
            Ok(0) => {}
            Ok(count) => tracing::info!(count, "expired unfinished uploads"),
            Err(error) => tracing::warn!(%error, "sweeping unfinished uploads failed"),
        }
        let leftovers = latih_media::service::cleanup::drop_upload_leftovers(
            &state.db,
            state.media.storage.as_ref(),
            state.clock.now(),
            500,
        )
        .await;
        match leftovers {
            Ok(0) => {}
            Ok(count) => tracing::info!(count, "dropped upload keys whose URLs expired"),
            Err(error) => tracing::warn!(%error, "dropping expired upload keys failed"),
        }
        match latih_quizzes::service::grading::settle_overdue(&state.db, state.clock.now(), 500).await {
            Ok(graded) => {
                for (quiz_id, user_id) in &graded {
                    if let Err(error) = state.graded_hooks.notify(&state.db, &state.clock, *quiz_id, *user_id).await {
                        tracing::warn!(%error, "completion check after a deadline failed");
                    }
                }
                if !graded.is_empty() {
                    tracing::info!(count = graded.len(), "graded attempts left open past their deadline");
                }
            }
            Err(error) => tracing::warn!(%error, "grading overdue attempts failed"),
        }
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
        Command::Migrate => {
            let db = db::connect(&settings).await?;
            db::migrate(&db).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Admin { command: AdminCommand::Create { email, password, name } } => {
            let state = open(&settings).await?;
            let admin = latih_server::admin::create(&state, &email, password, &name).await?;
            writeln!(std::io::stderr(), "created platform admin {} ({})", admin.email, admin.id)?;
            Ok(())
        }
        Command::Openapi => Ok(()),
        Command::Seed { demo } => {
            if !demo {
                anyhow::bail!("say what to seed: --demo");
            }
            let state = open(&settings).await?;
            let (accounts, added) = latih_server::seed::demo(&state).await?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "Demo organization PEMKOT-KUPANG (Asia/Makassar, WITA); {added} course(s) added.")?;
            writeln!(out, "Every account's password: {}", latih_server::seed::DEMO_PASSWORD)?;
            for account in accounts {
                writeln!(out, "  {:<36} {}", account.email, account.role)?;
            }
            Ok(())
        }
    }
}

#[actix_web::main]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "latih: {error:#}");
            ExitCode::FAILURE
        }
    }
}
