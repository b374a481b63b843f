//! Certificates (STTP): their public codes and their PDF.

pub mod code;
pub mod pdf;
