//! What one request costs: the database queries it runs and the memory the
//! process holds at once while it is answered, seen through a real HTTP
//! request to the running server.

use std::sync::atomic::{AtomicUsize, Ordering};

use diesel::connection::{InstrumentationEvent, set_default_instrumentation};

use crate::MEMORY;

/// Queries started by every connection of the process, of either backend.
static QUERIES: AtomicUsize = AtomicUsize::new(0);

// diesel hands each event by value: the signature is its callback's
#[allow(clippy::needless_pass_by_value)]
fn count_query(event: InstrumentationEvent<'_>) {
    if matches!(event, InstrumentationEvent::StartQuery { .. }) {
        QUERIES.fetch_add(1, Ordering::SeqCst);
    }
}

/// From now on every new diesel connection counts its queries: call it
/// before the application opens its pool. `PgConnection` and
/// `SqliteConnection` both take this default when they are established, and
/// quorum's `DbConn` is either of them. A pool's check-out test
/// (`SELECT 1`) is a query too: one per `Db::run`, a cost like any other.
pub fn count_queries() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        set_default_instrumentation(|| Some(Box::new(count_query))).expect("instrumentation set");
    });
}

/// Queries started so far by the whole process.
pub fn queries_so_far() -> usize {
    QUERIES.load(Ordering::SeqCst)
}

/// How a URL is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// A plain GET.
    Plain,
    /// A GET with `If-None-Match` and the ETag of the plain answer: 304.
    Conditional,
    /// A GET with `Accept-Encoding: gzip` (the client does not inflate).
    Gzip,
}

impl Ask {
    pub fn label(self) -> &'static str {
        match self {
            Self::Plain => "",
            Self::Conditional => " (304)",
            Self::Gzip => " (gzip)",
        }
    }
}

/// What answering one request cost.
#[derive(Debug, Clone)]
pub struct Cost {
    pub status: u16,
    /// Queries the server ran.
    pub queries: usize,
    /// Bytes the process held at its peak beyond what it held before.
    pub held: usize,
    /// Bytes of the answer as sent (compressed when gzip).
    pub length: usize,
    pub etag: Option<String>,
    pub encoding: Option<String>,
}

impl Cost {
    /// Memory held beyond the answer itself: the answer's bytes are held
    /// at least once (the client's copy), and an answer that has to be
    /// longer may take more.
    pub fn held_beyond_answer(&self) -> usize {
        self.held.saturating_sub(self.length)
    }
}

/// Times each URL is asked for; the least of these counts, so that the
/// work of another thread at the same moment (a timer, the pool) cannot
/// make a request look dearer than it is. One more request first warms up
/// what is made once (the pool's connections, prepared statements).
const TRIES: usize = 3;

/// The cost of asking for `path` the way `ask` says (`etag` for a
/// conditional request): the least over [`TRIES`] requests.
pub async fn cost(address: &str, path: &str, ask: Ask, etag: Option<&str>) -> Cost {
    let client = client();
    let _warm_up = once(&client, address, path, ask, etag).await;
    let mut best = once(&client, address, path, ask, etag).await;
    for _ in 1..TRIES {
        let next = once(&client, address, path, ask, etag).await;
        assert_eq!(next.status, best.status, "GET {path}: the status changed");
        best.queries = best.queries.min(next.queries);
        best.held = best.held.min(next.held);
        best.length = next.length;
    }
    best
}

/// A client for one URL's requests: they share one kept-alive connection
/// (made during the warm-up), so that no request pays for a connection, nor
/// sees the server drop the one before it.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client")
}

/// A pause before each measured request, for the server to finish with
/// the one before (what it frees during a request would hide what it holds).
const SETTLE: std::time::Duration = std::time::Duration::from_millis(20);

async fn once(
    client: &reqwest::Client,
    address: &str,
    path: &str,
    ask: Ask,
    etag: Option<&str>,
) -> Cost {
    let mut request = client.get(format!("{address}{path}"));
    match ask {
        Ask::Plain => {}
        Ask::Conditional => {
            let etag = etag.unwrap_or_else(|| panic!("GET {path}: no ETag to send back"));
            request = request.header("If-None-Match", etag);
        }
        Ask::Gzip => request = request.header("Accept-Encoding", "gzip"),
    }
    tokio::time::sleep(SETTLE).await;
    let queries_before = QUERIES.load(Ordering::SeqCst);
    let held_before = MEMORY.current_usage();
    MEMORY.reset_peak_usage();
    let response = request.send().await.expect("the request is answered");
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let etag = header("etag");
    let encoding = header("content-encoding");
    let body = response.bytes().await.expect("an answer");
    let held = MEMORY.peak_usage().saturating_sub(held_before);
    let queries = QUERIES.load(Ordering::SeqCst) - queries_before;
    Cost {
        status,
        queries,
        held,
        length: body.len(),
        etag,
        encoding,
    }
}
