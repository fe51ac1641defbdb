//! The page's bootstrap script, and the WebAssembly it starts after the page's first paint.
//!
//! Every page is complete HTML from the server; only its islands (`#[island]`: forms, dialogs, panels that
//! call server functions) run WebAssembly in the browser. The script, in `src/ui/js/` (one module a concern):
//! - draws toasts, and shows those an island raised just before moving to another page (`toast.js`);
//! - gives plain forms (sign-in, sign-out, the lists' searches) their pending state, and makes "Go back" work
//!   (`forms.js`);
//! - runs a search form marked `data-live` as it is typed (`live-search.js`), and the idle warning
//!   (`auth::SessionTimer`, `session-timer.js`): two behaviours that need no data of their own, so the
//!   customer list, like the sign-in page, loads no WASM;
//! - presses the controls a page marks with keyboard shortcuts, and lists them on `?` (`shortcuts.js`);
//! - shows and keeps the admin's theme as it is chosen (`theme.js`);
//! - opens the command palette on Ctrl+K and searches as it is typed (`palette.js`);
//! - saves, marks and deletes a list's saved views (`saved-views.js`), so a list page needs no island;
//! - loads the WebAssembly only on a page with islands, after a frame has been painted, then hydrates each
//!   island; what the user does before that waits for the islands (`islands.js`; typing is kept by
//!   `ui::early_input`).
//!
//! It talks to the islands' Rust only through the names in `contract.js` and `ui::client`: a DOM event for
//! toasts, and an attribute on `<html>` once hydrated.
use leptos::prelude::*;

/// The bootstrap's modules, each after those it imports: real ES modules, linted, formatted and unit-tested
/// by `scripts/check-js.sh`, included here at build time so that a page needs no request before it runs.
const MODULES: [(&str, &str); 11] = [
    ("contract.js", include_str!("js/contract.js")),
    ("toast.js", include_str!("js/toast.js")),
    ("forms.js", include_str!("js/forms.js")),
    ("live-search.js", include_str!("js/live-search.js")),
    ("session-timer.js", include_str!("js/session-timer.js")),
    ("shortcuts.js", include_str!("js/shortcuts.js")),
    ("theme.js", include_str!("js/theme.js")),
    ("palette.js", include_str!("js/palette.js")),
    ("saved-views.js", include_str!("js/saved-views.js")),
    ("islands.js", include_str!("js/islands.js")),
    ("boot.js", include_str!("js/boot.js")),
];

/// The page's inline script: the modules one after another in one inline module, sharing its scope (their
/// `import`s would be requests: they go; `export`s are valid in a module and stay), without indentation,
/// whole-line comments and blank lines (no string spans lines), then the call that starts it with the asset
/// paths `js` and `wasm`.
fn inline_script(js: &str, wasm: &str) -> String {
    let mut script = String::new();
    for (_, source) in MODULES {
        let (mut in_import, mut in_comment) = (false, false);
        for line in source.lines() {
            let code = line.trim_start();
            if in_import || code.starts_with("import ") {
                in_import = !code.ends_with(';');
            } else if in_comment || code.starts_with("/*") {
                in_comment = !code.ends_with("*/");
            } else if !code.is_empty() && !code.starts_with("//") {
                script.push_str(code);
                script.push('\n');
            }
        }
    }
    script.push_str(&format!("boot(window, {js:?}, {wasm:?});\n"));
    script
}

/// The file names (without extension) of the JS glue and the WASM under the pkg directory, as
/// cargo-leptos wrote them: with the content hashes from the hash file beside the server binary when
/// `hash-files` is on (the server turns it off at start-up when that file is missing).
fn asset_names(options: &LeptosOptions) -> (String, String) {
    let name = options.output_name.to_string();
    if options.hash_files {
        let hashes = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(&*options.hash_file)))
            .and_then(|path| std::fs::read_to_string(path).ok())
            .unwrap_or_default();
        return hashed_names(&name, &hashes);
    }
    // wasm-bindgen's own name for the WASM, used when cargo-leptos did not name the output
    let wasm = if option_env!("LEPTOS_OUTPUT_NAME").is_none() {
        format!("{name}_bg")
    } else {
        name.clone()
    };
    (name, wasm)
}

/// The names with the hashes of the hash file (`js: <hash>` and `wasm: <hash>` lines) appended.
fn hashed_names(name: &str, hashes: &str) -> (String, String) {
    let (mut js, mut wasm) = (name.to_string(), name.to_string());
    for (file, hash) in hashes.lines().filter_map(|line| line.split_once(':')) {
        match file.trim() {
            "js" => js = format!("{name}.{}", hash.trim()),
            "wasm" => wasm = format!("{name}.{}", hash.trim()),
            _ => {}
        }
    }
    (js, wasm)
}

#[component]
pub fn HydrateAfterFirstPaint(options: LeptosOptions) -> impl IntoView {
    // The names cannot change while the server runs: the hash file is read once, not on every page.
    static CALL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let call = CALL.get_or_init(|| {
        let (js, wasm) = asset_names(&options);
        let pkg = &options.site_pkg_dir;
        inline_script(&format!("/{pkg}/{js}.js"), &format!("/{pkg}/{wasm}.wasm"))
    });
    // What follows in the page is not hydrated as a whole: islands say which parts are.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    view! { <script type="module" nonce=use_nonce()>{call.as_str()}</script> }
}

#[cfg(all(test, feature = "ssr"))]
mod leptos_internals;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inline_script_keeps_no_import_and_each_module_imports_only_earlier_ones() {
        let script = inline_script("/pkg/a.js", "/pkg/a.wasm");
        assert!(!script.lines().any(|line| line.trim_start().starts_with("import ")), "{script}");
        assert!(script.ends_with("boot(window, \"/pkg/a.js\", \"/pkg/a.wasm\");\n"));
        let from = regex::Regex::new(r#"from '\./([a-z-]+\.js)';"#).unwrap();
        for (i, (name, source)) in MODULES.iter().enumerate() {
            assert!(
                source.lines().all(|line| line.matches('`').count() % 2 == 0),
                "{name}: a template spans lines"
            );
            for import in from.captures_iter(source) {
                assert!(
                    MODULES[..i].iter().any(|(earlier, _)| *earlier == &import[1]),
                    "{name} imports {}",
                    &import[1]
                );
            }
        }
    }

    /// Node parses it as the browser will: one module, so a name two modules declare is an error too.
    #[test]
    fn the_inline_script_is_a_valid_module() {
        use std::io::Write;
        let mut node = std::process::Command::new("node")
            .args(["--input-type=module", "--check"])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("node (installed with the npm tools) checks the inline script's syntax");
        node.stdin
            .take()
            .unwrap()
            .write_all(inline_script("/pkg/a.js", "/pkg/a.wasm").as_bytes())
            .unwrap();
        assert!(
            node.wait().unwrap().success(),
            "the inline bootstrap does not parse (node's message above)"
        );
    }

    #[test]
    fn the_hash_file_names_the_js_and_the_wasm() {
        let hashes = "js: ROmV2hKwaueGtEp1H-_84Q\nwasm: e6FI_0YtrrSLit8CvgQPDQ\ncss: HMFX7n6oOnq54WI7_wPVZg\n";
        let (js, wasm) = hashed_names("eclipse-admin", hashes);
        assert_eq!(js, "eclipse-admin.ROmV2hKwaueGtEp1H-_84Q");
        assert_eq!(wasm, "eclipse-admin.e6FI_0YtrrSLit8CvgQPDQ");
    }

    #[test]
    fn without_hashes_the_names_are_the_output_name() {
        let options =
            LeptosOptions::builder().output_name("eclipse-admin").hash_files(false).build();
        let (js, wasm) = asset_names(&options);
        assert_eq!(js, "eclipse-admin");
        assert!(wasm == "eclipse-admin" || wasm == "eclipse-admin_bg", "{wasm}");
    }
}
