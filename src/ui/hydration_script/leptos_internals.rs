//! The island loader (`src/ui/js/islands.js`) is a fork of leptos's: it relies on leptos's island markup and on
//! the hook leptos sets on `<leptos-children>`. These tests fail when a leptos update changes either.
//!
//! When one fails after `cargo update`: read the new leptos's `src/hydration/island_script.js` (and the
//! `islands.rs` of its tachys) against `hydrateIslands` in `islands.js`, port what changed, fix the expected
//! markup or hook name here, and move the `=` pins of leptos in Cargo.toml to the new versions.
use leptos::prelude::*;
use std::path::PathBuf;

const LOADER: &str = include_str!("../js/islands.js");

/// The value of `export const <name> = '…';` in the loader.
fn loader_const(name: &str) -> String {
    let pattern = regex::Regex::new(&format!(r"export const {name} = '([^']+)';")).unwrap();
    pattern.captures(LOADER).unwrap_or_else(|| panic!("islands.js declares no {name}"))[1]
        .to_string()
}

#[island]
fn ProbeOuter(label: String, children: Children) -> impl IntoView {
    view! { <p>{label}</p> {children()} }
}

#[island]
fn ProbeInner() -> impl IntoView {
    view! { <b>"inner"</b> }
}

#[test]
fn islands_render_the_markup_the_loader_walks() {
    let owner =
        Owner::new_root(Some(std::sync::Arc::new(hydration_context::SsrSharedContext::new())));
    let html = owner
        .with(|| view! { <ProbeOuter label="x".to_string()><ProbeInner /></ProbeOuter> }.to_html());
    // `data-component` names the island's function in the WASM module (its name and a hash); `data-props`
    // holds its props as JSON; children are wrapped, and an island among them is an element of its own.
    // (The `<!>` markers are for leptos's own hydration inside an island, not for the loader.)
    let expected = regex::Regex::new(concat!(
        r#"^<leptos-island data-component="ProbeOuter_\d+" data-props="\{&quot;label&quot;:&quot;x&quot;\}">"#,
        r#"<p>x</p><leptos-children><leptos-island data-component="ProbeInner_\d+"><b>inner</b></leptos-island>"#,
        r#"</leptos-children></leptos-island>$"#,
    ))
    .unwrap();
    let markup = html.replace("<!>", "");
    assert!(expected.is_match(&markup), "leptos's island markup changed:\n{html}");
}

/// The platform this test runs on, as rustc names it.
fn host_triple() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let output = std::process::Command::new(rustc).arg("-vV").output().expect("rustc -vV runs");
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc names its host")
        .to_owned()
}

/// The source directory of a dependency as Cargo.lock resolves it (the registry, a vendor folder or git).
/// Offline and for this platform only: a fresh machine has downloaded only this platform's crates.
fn source_of(package: &str) -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline"])
        .args(["--filter-platform", &host_triple(), "--manifest-path"])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&output.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let manifests: Vec<&str> = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"] == package)
        .filter_map(|p| p["manifest_path"].as_str())
        .collect();
    assert_eq!(manifests.len(), 1, "one {package} in the dependency graph: {manifests:?}");
    PathBuf::from(manifests[0]).parent().unwrap().to_path_buf()
}

#[test]
fn leptos_still_sets_and_reads_the_hook_the_loader_calls() {
    let hook = loader_const("ON_HYDRATE");
    // tachys (leptos's renderer) sets it on the `<leptos-children>` element it hydrates…
    let islands_rs =
        std::fs::read_to_string(source_of("tachys").join("src/html/islands.rs")).unwrap();
    assert!(
        islands_rs.contains(&format!("JsValue::from_str(\"{hook}\")")),
        "tachys no longer sets {hook}"
    );
    // …and leptos's own loader, which islands.js forks, still walks the islands with it.
    let script =
        std::fs::read_to_string(source_of("leptos").join("src/hydration/island_script.js"))
            .unwrap();
    assert!(
        script.contains(&format!("node.{hook}")),
        "leptos's island_script.js no longer reads {hook}"
    );
    for (tag, name) in [("leptos-island", "ISLAND_TAG"), ("leptos-children", "CHILDREN_TAG")] {
        assert_eq!(loader_const(name), tag.to_uppercase());
        assert!(
            script.contains(&format!("tag === '{tag}'")),
            "leptos's island_script.js no longer looks for {tag}"
        );
    }
}
