//! Which methods each path accepts: every GET route also answers HEAD, and a
//! path asked with a method it does not accept answers 405 with `Allow`.
//!
//! The route table registers each `(path, method)` as its own resource whose
//! guard is the method, so the router tries every resource whose path fits
//! and, when none accepts the method, falls through to the default service
//! (a 404). The guards here record, as the router tries them, the methods of
//! the resources whose path fitted: the default services read them back and
//! answer 405 with exactly those methods when there are some.
//!
//! HEAD needs nothing more than the GET guard accepting it: the GET handler
//! runs as for GET (same status and headers; feeds answer 304 to
//! `If-None-Match` alike), and actix-http writes the headers of a response
//! to HEAD, `Content-Length` included, without its body.

use actix_web::guard::{Guard, GuardContext};
use actix_web::http::Method;
use actix_web::http::header::Allow;
use actix_web::{HttpMessage, HttpRequest, Route, web};

/// A route's method guard that also notes the method among those the path
/// accepts.
#[derive(Debug)]
struct Accepts(Method);

/// The methods of the routes whose path fitted the request, in the order
/// the route table lists them.
#[derive(Debug, Clone, Default)]
struct Accepted(Vec<Method>);

impl Guard for Accepts {
    fn check(&self, ctx: &GuardContext<'_>) -> bool {
        ctx.req_data_mut()
            .get_or_insert_with(Accepted::default)
            .0
            .push(self.0.clone());
        let asked = &ctx.head().method;
        *asked == self.0 || (self.0 == Method::GET && *asked == Method::HEAD)
    }
}

fn accepting(method: Method) -> Route {
    web::route().guard(Accepts(method))
}

/// A route for GET, and HEAD with the same handler.
pub fn get() -> Route {
    accepting(Method::GET)
}

/// A route for POST.
pub fn post() -> Route {
    accepting(Method::POST)
}

/// A route for PUT.
pub fn put() -> Route {
    accepting(Method::PUT)
}

/// A route for PATCH.
pub fn patch() -> Route {
    accepting(Method::PATCH)
}

/// A route for DELETE.
pub fn delete() -> Route {
    accepting(Method::DELETE)
}

/// The `Allow` header of a request that reached a default service: the
/// methods its path accepts (HEAD beside GET), or `None` when no route has
/// its path — a 404, not a 405.
pub fn allowed(req: &HttpRequest) -> Option<Allow> {
    let extensions = req.extensions();
    let accepted = extensions.get::<Accepted>()?;
    let mut methods = Vec::new();
    for method in &accepted.0 {
        // several patterns may fit one path (`/meetings/new` and
        // `/meetings/{id}`): each method once
        if !methods.contains(method) {
            methods.push(method.clone());
        }
        if *method == Method::GET && !methods.contains(&Method::HEAD) {
            methods.push(Method::HEAD);
        }
    }
    (!methods.is_empty()).then_some(Allow(methods))
}
