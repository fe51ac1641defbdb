//! The bootstrap that loads the WebAssembly and hydrates the page, started only after the page's first
//! paint. Every page is complete HTML from the server; leptos's own `HydrationScripts` preloads the 640 KB
//! bundle from the `<head>`, where it competes with the HTML and the stylesheet for a slow link, and
//! Lighthouse counts a download that starts before the largest paint against that paint (mobile LCP 4.2 s
//! against an FCP of 1.0 s, measured). Here the module and the bundle are fetched together, after a frame.
use leptos::prelude::*;

/// The bootstrap's JavaScript: `js` and `wasm` are the asset paths.
const BOOTSTRAP: &str = r#"(function (js, wasm) {
	let started = false;
	const start = () => {
		if (started) return;
		started = true;
		const bytes = fetch(wasm);
		import(js).then((mod) => mod.default({ module_or_path: bytes }).then(() => mod.hydrate()));
	};
	// A timeout queued from an animation frame runs once that frame is painted.
	requestAnimationFrame(() => setTimeout(start, 0));
	// Backstop: a tab opened in the background paints no frames until it is shown.
	setTimeout(start, 250);
})"#;

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
    let wasm = if option_env!("LEPTOS_OUTPUT_NAME").is_none() { format!("{name}_bg") } else { name.clone() };
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
        format!("{BOOTSTRAP}({:?}, {:?})", format!("/{pkg}/{js}.js"), format!("/{pkg}/{wasm}.wasm"))
    });
    view! { <script type="module" nonce=use_nonce()>{call.as_str()}</script> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_file_names_the_js_and_the_wasm() {
        let hashes = "js: ROmV2hKwaueGtEp1H-_84Q\nwasm: e6FI_0YtrrSLit8CvgQPDQ\ncss: HMFX7n6oOnq54WI7_wPVZg\n";
        let (js, wasm) = hashed_names("eclipse-admin", hashes);
        assert_eq!(js, "eclipse-admin.ROmV2hKwaueGtEp1H-_84Q");
        assert_eq!(wasm, "eclipse-admin.e6FI_0YtrrSLit8CvgQPDQ");
    }

    #[test]
    fn without_hashes_the_names_are_the_output_name() {
        let options = LeptosOptions::builder().output_name("eclipse-admin").hash_files(false).build();
        let (js, wasm) = asset_names(&options);
        assert_eq!(js, "eclipse-admin");
        assert!(wasm == "eclipse-admin" || wasm == "eclipse-admin_bg", "{wasm}");
    }
}
