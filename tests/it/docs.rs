//! The documentation is checked like code: every key of `Leptos.toml`'s `[portal]` table and every
//! environment variable `src/config.rs` reads is named in `docs/configuration.md`; the README stays a
//! five-minute read; and every relative link in README.md, CONTRIBUTING.md and `docs/` points to a file
//! that exists.

use crate::common::files_under;
use std::{collections::BTreeSet, path::Path};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const CONFIGURATION_PAGE: &str = "docs/configuration.md";
const README_MAX_LINES: usize = 160;

fn read(relative: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(relative))
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// Every one of `names` is named on the configuration page: in backticks, as its tables do. Fewer than
/// ten names means the way they are found has broken, which `too_few` says.
fn assert_documented(names: &[&str], too_few: &str, what: &str) {
    assert!(names.len() >= 10, "{too_few}");
    let page = read(CONFIGURATION_PAGE);
    let missing: Vec<&str> =
        names.iter().copied().filter(|name| !page.contains(&format!("`{name}`"))).collect();
    assert!(missing.is_empty(), "{CONFIGURATION_PAGE} does not name these {what}: {missing:?}");
}

#[test]
fn every_key_of_the_portal_table_is_documented() {
    let file: toml::Table = toml::from_str(&read("Leptos.toml")).expect("Leptos.toml parses");
    let portal =
        file.get("portal").and_then(|t| t.as_table()).expect("Leptos.toml has a [portal] table");
    let keys: Vec<&str> = portal.keys().map(String::as_str).collect();
    let too_few =
        format!("only {} keys in Leptos.toml's [portal] table: has it moved?", keys.len());
    assert_documented(&keys, &too_few, "keys of Leptos.toml's [portal] table");
}

/// The variable names in `src/config.rs`: every string literal that is a whole `UPPER_CASE` name,
/// outside its unit tests. That is what `env("…")` and `env_parse("…", …)` read, whatever the helper
/// is called.
fn variables_read_by_the_configuration() -> BTreeSet<String> {
    let source = read("src/config.rs");
    let code = source.split("#[cfg(test)]").next().unwrap_or_default();
    let literal = regex::Regex::new(r#""([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)""#).unwrap();
    literal.captures_iter(code).map(|c| c[1].to_owned()).collect()
}

#[test]
fn every_environment_variable_of_the_configuration_is_documented() {
    let names = variables_read_by_the_configuration();
    let too_few = format!(
        "only {} variable names in src/config.rs: {names:?}; has the way it reads them changed?",
        names.len()
    );
    let variables: Vec<&str> = names.iter().map(String::as_str).collect();
    assert_documented(&variables, &too_few, "variables src/config.rs reads");
}

#[test]
fn the_readme_is_short() {
    let lines = read("README.md").lines().count();
    assert!(
        lines <= README_MAX_LINES,
        "README.md has {lines} lines (at most {README_MAX_LINES}): move the detail to docs/"
    );
}

/// The targets of a page's links (`[text](target)` and `[label]: target`), outside code blocks and
/// code spans.
fn link_targets(text: &str) -> Vec<String> {
    let code_span = regex::Regex::new(r"`[^`]*`").unwrap();
    let inline = regex::Regex::new(r#"\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)"#).unwrap();
    let reference = regex::Regex::new(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?").unwrap();
    let mut in_fence = false;
    let mut targets = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let line = code_span.replace_all(line, "");
        targets.extend(inline.captures_iter(&line).map(|c| c[1].to_owned()));
        targets.extend(reference.captures_iter(&line).map(|c| c[1].to_owned()));
    }
    targets
}

#[test]
fn relative_links_point_to_files_that_exist() {
    let root = Path::new(ROOT);
    let mut pages = vec![root.join("README.md"), root.join("CONTRIBUTING.md")];
    pages.extend(files_under(&root.join("docs"), "md"));
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let text =
            std::fs::read_to_string(page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        for target in link_targets(&text) {
            let is_external = target.contains("://") || target.starts_with("mailto:");
            let path = target.split(['#', '?']).next().unwrap_or_default();
            if is_external || path.is_empty() {
                continue;
            }
            checked += 1;
            // A leading `/` is the repository's root, as on a forge; otherwise the page's folder.
            let resolved = match path.strip_prefix('/') {
                Some(from_root) => root.join(from_root),
                None => page.parent().unwrap().join(path),
            };
            if !resolved.exists() {
                broken.push(format!("{}: {target}", page.strip_prefix(root).unwrap().display()));
            }
        }
    }
    assert!(checked > 0, "no relative link found: is the link pattern still right?");
    assert!(broken.is_empty(), "links to files that do not exist:\n{}", broken.join("\n"));
}

#[test]
fn the_link_reader_finds_links_and_skips_code() {
    let text = "See [a](docs/a.md) and [b](b.md#part \"title\").\n`[not](code.md)`\n\
                ```\n[no](fence.md)\n```\n[ref]: docs/c.md\n";
    assert_eq!(link_targets(text), ["docs/a.md", "b.md#part", "docs/c.md"]);
}
