//! The `latih` binary; the commands live in `latih_server::cli`.

use std::process::ExitCode;

#[actix_web::main]
async fn main() -> ExitCode {
    latih_server::cli::main().await
}
