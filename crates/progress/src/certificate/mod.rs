//! Certificates (STTP): their public codes, their PDF, and where the PDF is kept.

pub mod code;
pub mod pdf;
pub mod store;
