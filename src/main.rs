#[tokio::main]
async fn main() {
    eclipse_admin::server::main().await
}
