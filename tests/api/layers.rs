//! The layer rule of `docs/ARCHITECTURE.md`: every folder of `src/` is a
//! layer, and a file imports only from its own layer or the layers below it.
//! This test reads every `crate::` path of `src/` (in `use` lines, groups
//! and inline paths alike, `super::` paths that climb out of a layer too) and
//! fails naming each file and the import that points up.

use std::path::{Path, PathBuf};

/// The layers, from the top; a file may import from its own and any later.
const LAYERS: [&str; 7] = ["app", "http", "services", "infra", "db", "i18n", "domain"];

/// Inside `http`, pages and the API are siblings: neither imports the other.
const SIBLINGS: [(&str, &str); 2] = [("http/web", "http/api"), ("http/api", "http/web")];

/// One import that breaks the rule.
#[derive(Debug, PartialEq, Eq)]
struct Upward {
    file: String,
    line: usize,
    import: String,
    why: String,
}

/// The module path of a file below `src/`: `http/web/join.rs` is
/// `["http", "web", "join"]`, a `mod.rs` is its folder's module.
fn module_of(relative: &str) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_owned)
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Every path a `crate::`, `super::` or `self::` prefix at `at` names, as
/// full module paths from the crate's root: a group `crate::{a, b::c}`
/// names each of its items.
fn paths_at(text: &str, module: &[String]) -> Vec<Vec<String>> {
    let (mut base, mut rest): (Vec<String>, &str) = (Vec::new(), text);
    if let Some(after) = rest.strip_prefix("crate::") {
        rest = after;
    } else {
        base = module.to_vec();
        while let Some(after) = rest.strip_prefix("super::") {
            base.pop();
            rest = after;
        }
    }
    if let Some(group) = rest.strip_prefix('{') {
        let mut depth = 1;
        let mut items = Vec::new();
        let mut current = String::new();
        for c in group.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 1 => {
                    items.push(std::mem::take(&mut current));
                    continue;
                }
                _ => {}
            }
            if depth == 0 {
                break;
            }
            current.push(c);
        }
        items.push(current);
        return items
            .iter()
            .filter_map(|item| first_segment(item.trim()))
            .filter(|s| s != "self")
            .map(|s| [base.clone(), vec![s]].concat())
            .collect();
    }
    first_segment(rest)
        .map(|s| vec![[base, vec![s]].concat()])
        .unwrap_or_default()
}

fn first_segment(path: &str) -> Option<String> {
    let segment: String = path
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!segment.is_empty()).then_some(segment)
}

/// The imports of one file (its text, its path below `src/`) that point to
/// a higher layer, or to a sibling it must not know.
fn upward_imports(relative: &str, source: &str) -> Vec<Upward> {
    let module = module_of(relative);
    let Some(layer) = module
        .first()
        .and_then(|m| LAYERS.iter().position(|l| l == m))
    else {
        return Vec::new(); // main.rs and lib.rs sit above every layer
    };
    let mut found = Vec::new();
    // below an inline `mod name {` (a file's tests), `super::` is the file
    let mut here = module.clone();
    for (number, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        if let Some(inline) = code
            .trim()
            .strip_prefix("mod ")
            .and_then(|m| m.strip_suffix(" {"))
        {
            here = [module.clone(), vec![inline.to_owned()]].concat();
        }
        for (at, _) in code
            .match_indices("crate::")
            .chain(code.match_indices("super::"))
        {
            // a `super::super::` chain is read once, from its start
            if code[..at].ends_with("super::") {
                continue;
            }
            for target in paths_at(&code[at..], &here) {
                let Some(top) = target.first() else {
                    continue;
                };
                let why = match LAYERS.iter().position(|l| l == top) {
                    Some(to) if to < layer => {
                        format!("`{}` is above `{}`", LAYERS[to], LAYERS[layer])
                    }
                    Some(_) => match sibling_of(&module, &target) {
                        Some(why) => why,
                        None => continue,
                    },
                    None => format!("`{top}` is in no layer"),
                };
                found.push(Upward {
                    file: format!("src/{relative}"),
                    line: number + 1,
                    import: code[at..].trim().trim_end_matches(';').to_owned(),
                    why,
                });
            }
        }
    }
    found
}

fn sibling_of(module: &[String], target: &[String]) -> Option<String> {
    let from = module.iter().take(2).cloned().collect::<Vec<_>>().join("/");
    let to = target.iter().take(2).cloned().collect::<Vec<_>>().join("/");
    SIBLINGS
        .iter()
        .any(|(a, b)| from == *a && to == *b)
        .then(|| format!("`{from}` and `{to}` are siblings"))
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("an entry of src/").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn no_import_points_to_a_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut layered = 0;
    let mut upward = Vec::new();
    for file in &files {
        let relative = file
            .strip_prefix(&src)
            .expect("below src/")
            .to_string_lossy()
            .replace('\\', "/");
        if module_of(&relative).len() > 1 {
            layered += 1;
        }
        let source = std::fs::read_to_string(file).expect("a source file");
        upward.extend(upward_imports(&relative, &source));
    }
    assert!(
        layered > 50,
        "only {layered} files found in layer folders: is src/ laid out?"
    );
    let report: Vec<String> = upward
        .iter()
        .map(|u| format!("{}:{}: {} ({})", u.file, u.line, u.import, u.why))
        .collect();
    assert!(
        report.is_empty(),
        "imports that point up (see docs/ARCHITECTURE.md):\n{}",
        report.join("\n")
    );
}

#[test]
fn an_upward_import_is_named_with_its_file_and_line() {
    let source = "//! a query\n\nuse crate::db::DbConn;\nuse crate::services::notices;\n";
    assert_eq!(
        upward_imports("db/meetings.rs", source),
        vec![Upward {
            file: "src/db/meetings.rs".to_owned(),
            line: 4,
            import: "crate::services::notices".to_owned(),
            why: "`services` is above `db`".to_owned(),
        }]
    );
}

#[test]
fn groups_inline_paths_and_climbing_supers_are_read_too() {
    let grouped = "use crate::{domain::Lang, i18n};\n";
    let found = upward_imports("domain/time.rs", grouped);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].why, "`i18n` is above `domain`");

    let inline = "    let x = crate::http::see_other(\"/\");\n";
    assert_eq!(upward_imports("services/polls.rs", inline).len(), 1);

    let climbing = "use super::super::api::Page;\n";
    let found = upward_imports("http/web/home.rs", climbing);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].why, "`http/web` and `http/api` are siblings");

    let within =
        "use super::views::MeetingView;\nuse crate::domain::Lang; // crate::app in a comment\n";
    assert_eq!(upward_imports("http/web/home.rs", within), vec![]);
}
