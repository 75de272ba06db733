//! Request metrics, counted in memory per instance, and the Prometheus text
//! format they are read in (`GET /metrics`, `http::web::metrics`).
//!
//! Requests are counted by route *pattern* (`/meetings/{id}`,
//! `/feeds/{token}.ics`), never by path: a path may hold a secret (a feed
//! token, an answer link), and one series per meeting would grow without
//! end. The patterns are the route table's, the methods a fixed list and
//! the statuses few, so the counters stay bounded; each request holds the
//! lock for one map update.

use std::collections::HashMap;
use std::fmt::{Display, Write as _};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;

use crate::http::state::AppState;

/// The route of a request no route of the table matched.
pub const UNMATCHED: &str = "unmatched";

/// Upper bounds of the latency histogram's buckets, in seconds, with their
/// `le` labels: from a cached feed (milliseconds) to a page waiting for the
/// database under load.
const BUCKETS: [(f64, &str); 8] = [
    (0.005, "0.005"),
    (0.025, "0.025"),
    (0.1, "0.1"),
    (0.25, "0.25"),
    (0.5, "0.5"),
    (1.0, "1"),
    (2.5, "2.5"),
    (10.0, "10"),
];

/// Requests counted since the process started.
#[derive(Debug, Default)]
pub struct HttpMetrics {
    tally: Mutex<Tally>,
}

#[derive(Debug, Default, Clone)]
struct Tally {
    /// Requests per (route, method, status).
    requests: HashMap<(String, &'static str, u16), u64>,
    /// Latency per route.
    durations: HashMap<String, Histogram>,
}

/// A cumulative-on-read latency histogram: each request counts in the
/// first bucket it fits (cumulated when written out).
#[derive(Debug, Default, Clone)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl HttpMetrics {
    /// Counts one answered request.
    pub fn record(&self, route: String, method: &Method, status: u16, took: Duration) {
        let seconds = took.as_secs_f64();
        let mut tally = self.tally.lock().unwrap_or_else(PoisonError::into_inner);
        let histogram = tally.durations.entry(route.clone()).or_default();
        if let Some(bucket) = BUCKETS.iter().position(|(bound, _)| seconds <= *bound) {
            histogram.buckets[bucket] += 1;
        }
        histogram.count += 1;
        histogram.sum += seconds;
        *tally
            .requests
            .entry((route, method_label(method), status))
            .or_default() += 1;
    }

    /// Writes the request counters and histograms out.
    pub fn write_to(&self, out: &mut Exposition) {
        // a copy, so the lock is not held while formatting
        let tally = self
            .tally
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let mut requests: Vec<_> = tally.requests.into_iter().collect();
        requests.sort_unstable();
        out.family(
            "quorum_http_requests_total",
            "counter",
            "HTTP requests answered, by route pattern, method and status.",
        );
        for ((route, method, status), count) in &requests {
            out.sample(
                "quorum_http_requests_total",
                &[
                    ("route", route),
                    ("method", method),
                    ("status", &status.to_string()),
                ],
                count,
            );
        }
        let mut durations: Vec<_> = tally.durations.into_iter().collect();
        durations.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let name = "quorum_http_request_duration_seconds";
        out.family(
            name,
            "histogram",
            "Time to answer a request (until its headers), by route pattern.",
        );
        for (route, histogram) in &durations {
            let mut cumulated = 0;
            for ((_, le), count) in BUCKETS.iter().zip(histogram.buckets) {
                cumulated += count;
                out.sample(
                    &format!("{name}_bucket"),
                    &[("route", route), ("le", le)],
                    cumulated,
                );
            }
            out.sample(
                &format!("{name}_bucket"),
                &[("route", route), ("le", "+Inf")],
                histogram.count,
            );
            out.sample(&format!("{name}_sum"), &[("route", route)], histogram.sum);
            out.sample(
                &format!("{name}_count"),
                &[("route", route)],
                histogram.count,
            );
        }
    }
}

/// The method as a label: the standard ones by name, anything else `other`
/// (a client may send any token as a method).
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Counts every request by its route pattern, status and latency. The
/// outermost middleware: the latency covers the others too.
pub async fn record_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let metrics = req
        .app_data::<web::Data<AppState>>()
        .map(|state| state.metrics.clone());
    let method = req.method().clone();
    let started = Instant::now();
    let result = next.call(req).await;
    if let Some(metrics) = metrics {
        // the pattern of the route table the path fitted: after routing, the
        // router's own finding, read without matching the path again (a
        // pattern with a parameter is a regular expression); a middleware
        // that failed without an answer leaves no request to read it from
        let (route, status) = match &result {
            Ok(response) => (response.request().match_pattern(), response.status()),
            Err(error) => (None, error.as_response_error().status_code()),
        };
        let route = route.unwrap_or_else(|| UNMATCHED.to_owned());
        metrics.record(route, &method, status.as_u16(), started.elapsed());
    }
    result
}

/// The Prometheus text exposition format (version 0.0.4), written out.
#[derive(Debug, Default)]
pub struct Exposition {
    text: String,
}

/// The answer's `Content-Type`.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

impl Exposition {
    /// Starts a metric: its `# HELP` and `# TYPE` lines.
    pub fn family(&mut self, name: &str, kind: &str, help: &str) {
        let _ = writeln!(self.text, "# HELP {name} {help}");
        let _ = writeln!(self.text, "# TYPE {name} {kind}");
    }

    /// One sample: `name{label="value",…} value`.
    pub fn sample(&mut self, name: &str, labels: &[(&str, &str)], value: impl Display) {
        self.text.push_str(name);
        if !labels.is_empty() {
            self.text.push('{');
            for (n, (label, value)) in labels.iter().enumerate() {
                if n > 0 {
                    self.text.push(',');
                }
                let _ = write!(self.text, "{label}=\"{}\"", escape(value));
            }
            self.text.push('}');
        }
        let _ = writeln!(self.text, " {value}");
    }

    /// A metric of one unlabelled sample.
    pub fn single(&mut self, name: &str, kind: &str, help: &str, value: impl Display) {
        self.family(name, kind, help);
        self.sample(name, &[], value);
    }

    /// The text.
    pub fn finish(self) -> String {
        self.text
    }
}

/// A label value as the format quotes it: backslash, double quote and line
/// feed escaped.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative() {
        let metrics = HttpMetrics::default();
        for millis in [1, 1, 30, 20_000] {
            metrics.record(
                "/meetings/{id}".into(),
                &Method::GET,
                200,
                Duration::from_millis(millis),
            );
        }
        let mut out = Exposition::default();
        metrics.write_to(&mut out);
        let text = out.finish();
        let line = |prefix: &str| {
            text.lines()
                .find(|l| l.starts_with(prefix))
                .unwrap_or_else(|| panic!("no {prefix} in {text}"))
                .rsplit(' ')
                .next()
                .expect("a value")
                .to_owned()
        };
        let bucket = "quorum_http_request_duration_seconds_bucket{route=\"/meetings/{id}\",le=";
        assert_eq!(line(&format!("{bucket}\"0.005\"}}")), "2");
        assert_eq!(line(&format!("{bucket}\"0.025\"}}")), "2");
        assert_eq!(line(&format!("{bucket}\"0.1\"}}")), "3");
        assert_eq!(line(&format!("{bucket}\"10\"}}")), "3");
        assert_eq!(line(&format!("{bucket}\"+Inf\"}}")), "4");
        assert_eq!(
            line("quorum_http_request_duration_seconds_count{route=\"/meetings/{id}\"}"),
            "4"
        );
        assert_eq!(
            line(
                "quorum_http_requests_total{route=\"/meetings/{id}\",method=\"GET\",status=\"200\"}"
            ),
            "4"
        );
    }

    #[test]
    fn label_values_are_escaped() {
        let mut out = Exposition::default();
        out.sample("x", &[("a", "quote \" slash \\ line\n")], 1);
        assert_eq!(out.finish(), "x{a=\"quote \\\" slash \\\\ line\\n\"} 1\n");
    }

    #[test]
    fn unknown_methods_share_one_label() {
        let method = Method::from_bytes(b"BREW").expect("a token");
        assert_eq!(method_label(&method), "other");
        assert_eq!(method_label(&Method::HEAD), "HEAD");
    }
}
