//! What every handler may reach: the application's shared state.

use std::sync::Arc;

use crate::db::Db;
use crate::http::auth::rate_limit::SigninLimits;
use crate::http::metrics::HttpMetrics;
use crate::http::shared_pages::SharedPages;
use crate::infra::settings::Settings;
use crate::services::feeds::FeedCache;

/// What every handler may reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database pool.
    pub db: Db,
    /// The settings the application was built with.
    pub settings: Arc<Settings>,
    /// Counts sign-in requests per address and per IP.
    pub signin_limits: Arc<SigninLimits>,
    /// The rendered calendar feeds, within the cache budget.
    pub feeds: Arc<FeedCache>,
    /// Public pages as visitors not signed in see them, within the budget.
    pub pages: Arc<SharedPages>,
    /// The requests this instance answered, for `/metrics`.
    pub metrics: Arc<HttpMetrics>,
    /// The BigBlueButton server's client, when one is configured.
    pub bigbluebutton: Option<crate::infra::bigbluebutton::Server>,
}
