//! The layer rule of `docs/architecture.md`: every top-level module of `src/` may name (`crate::…`) only the
//! modules listed for it here, which sit below it. A new import that points up or sideways fails this test;
//! moving the code to the right layer, or naming the dependency here and in the architecture page on purpose,
//! makes it pass. It reads the sources as text, so it runs in milliseconds.
use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::Path,
};

/// Foundations every layer above may use.
const FOUNDATIONS: &[&str] = &["error", "api", "clock", "validate", "csv", "config", "test_logs"];
/// Below every domain: the wire models and Eclipse client, the store, the server state, auth and the UI kit.
const BELOW_DOMAINS: &[&str] = &["eclipse", "filetype", "store", "state", "auth", "ui"];
const DOMAINS: &[&str] = &[
    "saved_views",
    "tenant",
    "wallet_types",
    "admin_users",
    "activity",
    "customers",
    "cards",
    "transfers",
    "wallets",
    "review",
    "onboarding",
    "reports",
];

/// Each module and what it may use besides the foundations (which may use only `error`).
fn allowed() -> BTreeMap<&'static str, Vec<&'static str>> {
    let mut rules: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    rules.insert("error", vec![]);
    rules.insert("test_logs", vec![]);
    for foundation in ["api", "clock", "validate", "csv", "config"] {
        rules.insert(foundation, vec!["error"]);
    }
    let with_foundations =
        |extra: &[&'static str]| FOUNDATIONS.iter().chain(extra).copied().collect::<Vec<_>>();
    rules.insert("eclipse", with_foundations(&[]));
    rules.insert("filetype", with_foundations(&["eclipse"]));
    rules.insert("store", with_foundations(&["eclipse"]));
    rules.insert("sandbox", with_foundations(&["eclipse", "filetype", "store"]));
    rules.insert("state", with_foundations(&["eclipse", "store"]));
    rules.insert("auth", with_foundations(&["eclipse", "store", "state"]));
    rules.insert("ui", with_foundations(&[]));
    // Domains: everything below them, and the domains named here, which sit lower in the list.
    let domain_uses: &[(&str, &[&str])] = &[
        ("saved_views", &[]),
        ("tenant", &[]),
        ("wallet_types", &[]),
        ("admin_users", &[]),
        ("activity", &["saved_views"]),
        ("customers", &["saved_views"]),
        ("cards", &[]),
        ("transfers", &["customers"]),
        ("wallets", &["cards", "customers", "transfers"]),
        ("review", &["activity", "customers", "saved_views"]),
        ("onboarding", &["customers", "wallets", "review"]),
        ("reports", &["activity"]),
    ];
    for (domain, uses) in domain_uses {
        let mut list = with_foundations(BELOW_DOMAINS);
        list.extend(uses.iter().copied());
        rules.insert(domain, list);
    }
    let mut shell = with_foundations(BELOW_DOMAINS);
    shell.extend(DOMAINS);
    rules.insert("app", shell.clone());
    shell.extend(["app", "sandbox"]);
    rules.insert("server", shell);
    rules
}

/// The top-level modules a source names through `crate::`, including inside `use crate::{a, b::c}`.
fn named_modules(source: &str) -> BTreeSet<String> {
    let code: String = source
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut names = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = closing_brace(group);
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in group[..end].char_indices().chain([(end, ',')]) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        names.extend(first_segment(&group[start..i]));
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            names.extend(first_segment(rest));
        }
    }
    names
}

fn closing_brace(text: &str) -> usize {
    let mut depth = 1;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    text.len()
}

fn first_segment(path: &str) -> Option<String> {
    let name: String =
        path.trim_start().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    (!name.is_empty() && name.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .then_some(name)
}

/// Every `.rs` file under `dir`, with the top-level module it belongs to (`None` for the crate root and bins).
fn sources(dir: &Path, src: &Path, found: &mut Vec<(String, Option<String>, String)>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, src, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(src).unwrap().to_string_lossy().replace('\\', "/");
            let top = relative.split('/').next().unwrap().trim_end_matches(".rs").to_owned();
            let module = (!matches!(top.as_str(), "lib" | "main" | "bin")).then_some(top);
            found.push((relative, module, fs::read_to_string(&path).unwrap()));
        }
    }
}

/// What breaks the rule in `src`: (file, its module, the module it names).
fn violations(src: &Path) -> Vec<(String, String, String)> {
    let rules = allowed();
    let mut files = vec![];
    sources(src, src, &mut files);
    let mut found = vec![];
    for (file, module, text) in files {
        let Some(module) = module else { continue };
        let Some(may_use) = rules.get(module.as_str()) else {
            found.push((
                file,
                module.clone(),
                "(a module the layer rule does not know: add it)".into(),
            ));
            continue;
        };
        for named in named_modules(&text) {
            if named != module && !may_use.contains(&named.as_str()) {
                found.push((file.clone(), module.clone(), named));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn imports_point_down_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    let report: Vec<String> = found
        .iter()
        .map(|(file, module, named)| format!("src/{file}: `{module}` may not use `crate::{named}`"))
        .collect();
    assert!(
        found.is_empty(),
        "imports that break the layers of docs/architecture.md:\n{}",
        report.join("\n")
    );
}

#[test]
fn every_module_of_the_crate_has_a_rule() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rules = allowed();
    for entry in fs::read_dir(&src).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().trim_end_matches(".rs").to_owned();
        if !matches!(name.as_str(), "lib" | "main" | "bin") {
            assert!(rules.contains_key(name.as_str()), "src/{name} has no place in the layer rule");
        }
    }
}

#[test]
fn the_reader_sees_grouped_and_nested_imports() {
    let text = "use crate::{auth::ssr::{require, Authed}, eclipse::models::Card};\n// crate::wallets in a comment\nlet x = crate::ui::retry_key();";
    let names: Vec<String> = named_modules(text).into_iter().collect();
    assert_eq!(names, ["auth", "eclipse", "ui"]);
}
