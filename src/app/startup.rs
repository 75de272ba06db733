//! Building and running the web application and the mail worker. `main`
//! and the tests both go through [`Application::build`].

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, ErrorHandlers, from_fn};
use actix_web::{App, HttpServer, web};

use tokio_util::sync::CancellationToken;

use crate::app::worker;
use crate::app::{routes, telemetry};
use crate::db::watch::Watch;
use crate::db::{ConnectError, Db};
use crate::http::auth::rate_limit::SigninLimits;
use crate::http::metrics::{self, HttpMetrics};
use crate::http::shared_pages::{self, SharedPages};
use crate::http::state::AppState;
use crate::http::{auth, web as pages};
use crate::infra::mail::Mailer;
use crate::infra::settings::Settings;
use crate::services::feeds::FeedCache;

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The database could not be opened.
    #[error(transparent)]
    Database(#[from] ConnectError),
    /// The migrations could not be applied.
    #[error("{0}")]
    Migration(String),
    /// The mail transport could not be prepared.
    #[error("{0}")]
    Mail(String),
    /// The BigBlueButton client could not be built.
    #[error("{0}")]
    BigBlueButton(String),
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
    /// Where the mail worker sends, when this process runs one.
    mailer: Option<Mailer>,
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
    /// Opens the database, migrates it and binds the listen address. The
    /// mail worker runs beside the server unless `[mail] worker = false`.
    pub fn build(settings: Settings) -> Result<Self, StartupError> {
        let db = open_database(&settings)?;
        Self::build_with_db(settings, db)
    }

    /// Binds the listen address with an already opened database.
    pub fn build_with_db(mut settings: Settings, db: Db) -> Result<Self, StartupError> {
        let listen = settings.listen.clone();
        let listen_error = |source| StartupError::Listen {
            address: listen.clone(),
            source,
        };
        let mailer = if settings.mail.worker {
            Some(Mailer::from_settings(&settings.mail).map_err(StartupError::Mail)?)
        } else {
            None
        };
        let listener = TcpListener::bind(&settings.listen).map_err(listen_error)?;
        let bound = listener.local_addr().map_err(listen_error)?;
        let port = bound.port();
        // The default base URL is the listen address: make it the one bound
        // (port 0 means "any port"), or links in mails would lead nowhere.
        if settings.base_url == format!("http://{}", settings.listen) {
            settings.base_url = format!("http://{bound}");
        }
        let bigbluebutton = settings
            .bigbluebutton
            .clone()
            .map(|server| crate::infra::bigbluebutton::Server::new(server, &settings.secret_key))
            .transpose()
            .map_err(StartupError::BigBlueButton)?;
        // one budget: three quarters for the feeds, a quarter for the pages
        let watch = Watch::open(&db).map_err(StartupError::Database)?;
        let pages_budget = settings.cache_bytes / 4;
        let state = AppState {
            feeds: Arc::new(FeedCache::new(
                settings.cache_bytes - pages_budget,
                watch.clone(),
            )),
            pages: Arc::new(SharedPages::new(pages_budget, watch)),
            db,
            bigbluebutton,
            settings: Arc::new(settings),
            signin_limits: Arc::new(SigninLimits::default()),
            metrics: Arc::new(HttpMetrics::default()),
        };
        let data = web::Data::new(state.clone());
        let session_settings = state.settings.clone();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(routes::json_config())
                .app_data(routes::payload_config())
                .wrap(ErrorHandlers::new().default_handler(pages::error_page))
                .wrap(auth::session_middleware(&session_settings))
                .wrap(from_fn(shared_pages::serve))
                .wrap(Compress::default())
                .wrap(from_fn(crate::http::headers::secure))
                .wrap(from_fn(telemetry::log_request))
                .wrap(from_fn(metrics::record_request))
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
            mailer,
        })
    }

    /// Runs the mail worker with `mailer` (tests pass [`Mailer::memory`]),
    /// whatever the settings said.
    pub fn with_mailer(mut self, mailer: Mailer) -> Self {
        self.mailer = Some(mailer);
        self
    }

    /// The mailer of the worker this application runs, if it runs one.
    pub fn mailer(&self) -> Option<&Mailer> {
        self.mailer.as_ref()
    }

    /// The port actually bound (useful when the settings asked for port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state, for tests that look at the database directly.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves, and sends mail, until SIGTERM or Ctrl-C; then lets in-flight
    /// requests finish and the worker finish the message in hand.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let Some(mailer) = self.mailer else {
            return self.server.await;
        };
        let stop = CancellationToken::new();
        let mail = worker::run(
            self.state.db.clone(),
            mailer,
            self.state.settings.clone(),
            stop.clone(),
        );
        // actix stops the server on the signal; the worker follows it.
        let server = async {
            let result = self.server.await;
            stop.cancel();
            result
        };
        let (result, ()) = tokio::join!(server, mail);
        result
    }
}

/// Runs the mail worker alone until SIGTERM or Ctrl-C (`quorum worker`).
pub async fn run_worker_until_stopped(db: Db, settings: Settings) -> Result<(), StartupError> {
    let mailer = Mailer::from_settings(&settings.mail).map_err(StartupError::Mail)?;
    let stop = CancellationToken::new();
    let signal = stop.clone();
    tokio::spawn(async move {
        stop_signal().await;
        tracing::info!("stopping: finishing the message in hand");
        signal.cancel();
    });
    worker::run(db, mailer, Arc::new(settings), stop).await;
    Ok(())
}

/// Completes on SIGTERM or Ctrl-C.
async fn stop_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
