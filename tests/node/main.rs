//! `latih` itself, built beside the tests: suites that kill and restart real nodes start it
//! as a child process (`CARGO_BIN_EXE_latih-node`), since cargo builds a package's binaries
//! before its integration tests and the server's own binary is another package's.

use std::process::ExitCode;

#[actix_web::main]
async fn main() -> ExitCode {
    latih_server::cli::main().await
}
