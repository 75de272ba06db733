//! axe-core, Deque's accessibility engine, run in the test browser on the
//! page it shows: every WCAG 2.0 and 2.1 A and AA rule, and axe's best
//! practices (headings in order, landmarks), whatever their impact.
//! Installed the first time from npm into the test target folder, pinned.

use std::sync::OnceLock;
use std::time::Duration;

use fantoccini::wd::TimeoutConfiguration;

use crate::chrome::Chrome;

const AXE: &str = "axe-core@4.14.1";

/// The rule sets checked: WCAG 2.1 A and AA (2.0's included) and best practices.
const TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/// The engine's source, installed when missing.
fn source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let script = crate::helpers::npm_package("node-axe-core-4.14.1", AXE, "axe.min.js");
        std::fs::read_to_string(&script)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", script.display()))
    })
}

/// What axe finds wrong on the page the browser shows (it needs a browser
/// started with `Script::On`), one line per rule: its id, its impact, its
/// help and the elements at fault. Empty when nothing is.
pub async fn violations(chrome: &Chrome) -> Vec<String> {
    // the engine is a script the page does not carry: WebDriver adds it
    // (through the DevTools protocol, so the page's CSP does not apply)
    chrome
        .client
        .execute(&format!("{}\nreturn true;", source()), vec![])
        .await
        .expect("axe loads in the page");
    let run = r#"
        const [tags, done] = arguments;
        axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
          .then(found => done(found.violations.map(v =>
              `${v.id} (${v.impact}): ${v.help} — ` +
              v.nodes.slice(0, 5).map(n => n.target.join(' ') +
                  (n.failureSummary ? ' [' + n.failureSummary.replace(/\s+/g, ' ') + ']' : ''))
                .join('; '))))
          .catch(problem => done(['axe failed: ' + problem]));
    "#;
    // a long page (the API's documentation) takes a while on two busy cores
    chrome
        .client
        .update_timeouts(TimeoutConfiguration::new(
            Some(Duration::from_secs(300)),
            None,
            None,
        ))
        .await
        .expect("a script timeout");
    let found = chrome
        .client
        .execute_async(run, vec![serde_json::json!(TAGS)])
        .await
        .expect("axe runs");
    serde_json::from_value(found).expect("a list of violations")
}
