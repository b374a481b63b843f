//! The progress rules, as plain async functions over a database connection.

pub mod certificates;
pub mod claims;
pub mod completion;
pub mod events;
pub mod ledger;
pub mod reports;
pub mod staff;
