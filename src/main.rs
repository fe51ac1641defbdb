// Leptos view types nest deeply; release builds of the whole app need a higher limit than rustc's default.
#![recursion_limit = "512"]

#[tokio::main]
async fn main() {
    eclipse_admin::server::main().await
}
