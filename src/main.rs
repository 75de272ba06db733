//! The `quorum` binary.

use std::process::ExitCode;

use clap::Parser;
use quorum::app::admin_commands::{add_user, describe, issue_token};
use quorum::app::cli::{Cli, Command, TokenCommand, UserCommand};
use quorum::app::startup::{Application, open_database, run_worker_until_stopped};
use quorum::app::{demo, telemetry};

// The system allocator unless a build asks for another, to measure them
// side by side (bench/, docs/PERFORMANCE.md says which was chosen and why).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
#[cfg(feature = "jemalloc")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Logging starts before the settings are checked (the secret key file
    // they may create is logged); a bad format is reported by them.
    let format = cli
        .layer()
        .and_then(|layer| layer.log_format())
        .unwrap_or_default();
    telemetry::init_with(format);
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // One line, whatever the underlying library printed.
            let line = message.split_whitespace().collect::<Vec<_>>().join(" ");
            eprintln!("quorum: {line}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> Result<(), String> {
    let settings = cli.settings()?;
    match &cli.command {
        Command::Migrate => {
            open_database(&settings).map_err(|e| e.to_string())?;
            println!("migrations applied ({})", settings.database_url.backend());
            Ok(())
        }
        Command::User(UserCommand::Add {
            email,
            name,
            org,
            manager,
            admin,
        }) => {
            let db = open_database(&settings).map_err(|e| e.to_string())?;
            let line = add_user(&db, email, name, org.as_deref(), *manager, *admin)
                .map_err(|e| describe(&e))?;
            println!("{line}");
            Ok(())
        }
        Command::Token(TokenCommand::Issue { email, name }) => {
            let db = open_database(&settings).map_err(|e| e.to_string())?;
            let token = issue_token(&db, email, name).map_err(|e| describe(&e))?;
            println!("{token}");
            Ok(())
        }
        Command::Demo => {
            let db = open_database(&settings).map_err(|e| e.to_string())?;
            let added = demo::load_now(&db).map_err(|e| e.to_string())?;
            println!("demo club loaded: {added}");
            Ok(())
        }
        Command::Worker => {
            let db = open_database(&settings).map_err(|e| e.to_string())?;
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| format!("cannot start the async runtime: {e}"))?;
            runtime
                .block_on(run_worker_until_stopped(db, settings))
                .map_err(|e| e.to_string())
        }
        &Command::Serve { demo: with_demo } => {
            let db = open_database(&settings).map_err(|e| e.to_string())?;
            if with_demo {
                let added = demo::load_now(&db).map_err(|e| e.to_string())?;
                tracing::info!(%added, "demo club loaded");
            }
            let base_url = settings.base_url.clone();
            actix_web::rt::System::new().block_on(async move {
                let app = Application::build_with_db(settings, db).map_err(|e| e.to_string())?;
                tracing::info!(port = app.port(), %base_url, "serving");
                app.run_until_stopped().await.map_err(|e| e.to_string())
            })
        }
    }
}
