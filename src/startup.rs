//! Building and running the web application. `main` and the tests both go
//! through [`Application::build`].

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, ErrorHandlers, from_fn};
use actix_web::{App, HttpServer, web};

use crate::auth::rate_limit::SigninLimits;
use crate::db::{ConnectError, Db};
use crate::settings::Settings;
use crate::{auth, routes, telemetry, web as pages};

/// What every handler may reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database pool.
    pub db: Db,
    /// The settings the application was built with.
    pub settings: Arc<Settings>,
    /// Counts sign-in requests per address and per IP.
    pub signin_limits: Arc<SigninLimits>,
}

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The database could not be opened.
    #[error(transparent)]
    Database(#[from] ConnectError),
    /// The migrations could not be applied.
    #[error("{0}")]
    Migration(String),
    /// The listen address could not be bound.
    #[error("cannot listen on {address}: {source}")]
    Listen {
        /// The address from the settings.
        address: String,
        /// What the system said.
        source: std::io::Error,
    },
}

/// Opens the database and applies the pending migrations.
pub fn open_database(settings: &Settings) -> Result<Db, StartupError> {
    let db = Db::connect(&settings.database_url, settings.database_pool_size)?;
    let applied = db
        .migrate()
        .map_err(|e| StartupError::Migration(e.to_string()))?;
    if applied > 0 {
        tracing::info!(applied, backend = db.backend(), "applied migrations");
    }
    Ok(db)
}

/// A built application, bound to its port, not yet serving.
pub struct Application {
    port: u16,
    state: AppState,
    server: Server,
}

/// Seconds in-flight requests get to finish after SIGTERM or Ctrl-C, under
/// the 30 s most supervisors wait before killing.
const SHUTDOWN_GRACE_SECONDS: u64 = 25;

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("port", &self.port)
            .finish()
    }
}

impl Application {
    /// Opens the database, migrates it and binds the listen address.
    pub fn build(settings: Settings) -> Result<Self, StartupError> {
        let db = open_database(&settings)?;
        Self::build_with_db(settings, db)
    }

    /// Binds the listen address with an already opened database.
    pub fn build_with_db(settings: Settings, db: Db) -> Result<Self, StartupError> {
        let listen_error = |source| StartupError::Listen {
            address: settings.listen.clone(),
            source,
        };
        let listener = TcpListener::bind(&settings.listen).map_err(listen_error)?;
        let port = listener.local_addr().map_err(listen_error)?.port();
        let state = AppState {
            db,
            settings: Arc::new(settings),
            signin_limits: Arc::new(SigninLimits::default()),
        };
        let data = web::Data::new(state.clone());
        let session_settings = state.settings.clone();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(routes::json_config())
                .wrap(ErrorHandlers::new().default_handler(pages::error_page))
                .wrap(auth::session_middleware(&session_settings))
                .wrap(Compress::default())
                .wrap(from_fn(telemetry::log_request))
                .configure(routes::configure)
        })
        .shutdown_timeout(SHUTDOWN_GRACE_SECONDS)
        .listen(listener)
        .map_err(|source| StartupError::Listen {
            address: state.settings.listen.clone(),
            source,
        })?
        .run();
        Ok(Self {
            port,
            state,
            server,
        })
    }

    /// The port actually bound (useful when the settings asked for port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state, for tests that look at the database directly.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until SIGTERM or Ctrl-C, then lets in-flight requests finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
