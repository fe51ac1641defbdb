// Leptos view types nest deeply; release builds of the whole app need a higher limit than rustc's default.
#![recursion_limit = "512"]

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    eclipse_admin::server::main().await
}
