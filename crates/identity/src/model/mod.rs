//! Validated identity values. Each `parse` is the only way to make one, so an invalid NIP or
//! e-mail cannot exist past the request edge.

mod email;
mod employment;
mod nip;
mod organization;

pub use email::Email;
pub use employment::{EmploymentType, Rank};
pub use nip::Nip;
pub use organization::{OrgCode, TimeZone, required_text};
