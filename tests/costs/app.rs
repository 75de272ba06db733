//! A running quorum on a fresh database, with nothing in the background:
//! no mail worker, so that what a request costs is all the process does.

use quorum::app::settings::Layer;
use quorum::app::startup::Application;
use quorum::db::{Db, DbConn};
use quorum::domain::secrets::{Redacted, SecretKey};

#[path = "../support/scratch.rs"]
mod scratch;
pub use scratch::{Backend, Scratch, TEST_SECRET_KEY, postgres_admin_url};

/// quorum serving on a port of 127.0.0.1.
pub struct RunningApp {
    pub address: String,
    pub db: Db,
    pub secret_key: SecretKey,
    // dropped last: the database outlives the server's use of it
    _scratch: Scratch,
}

impl RunningApp {
    /// Starts quorum on a fresh, migrated database of `backend`, without
    /// its mail worker.
    pub fn start(backend: Backend) -> Self {
        let (scratch, database_url) = Scratch::create(backend);
        let mut layer = Layer {
            listen: Some("127.0.0.1:0".into()),
            database_url: Some(database_url),
            database_pool_size: Some(4),
            secret_key: Some(Redacted(TEST_SECRET_KEY.into())),
            ..Layer::default()
        };
        layer.mail.worker = Some(false);
        let settings = layer.resolve().expect("test settings");
        let app = Application::build(settings).expect("the application starts");
        assert!(app.mailer().is_none(), "no mail worker during a measure");
        let address = format!("http://127.0.0.1:{}", app.port());
        let db = app.state().db.clone();
        let secret_key = app.state().settings.secret_key.clone();
        tokio::spawn(app.run_until_stopped());
        Self {
            address,
            db,
            secret_key,
            _scratch: scratch,
        }
    }

    /// Blocking database work from the test.
    pub fn with_conn<T>(&self, work: impl FnOnce(&mut DbConn) -> T) -> T {
        let mut conn = self.db.get().expect("a database connection");
        work(&mut conn)
    }
}
