//! The services a job may need (a mailer, storage, the notifier), keyed by type, so that the
//! queue stays free of domain crates and each crate finds what it registered.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::Arc;

/// A map from a service's type to the one instance the server built.
#[derive(Clone, Default)]
pub struct Services {
    map: HashMap<TypeId, Arc<dyn Any + Send + Sync>>,
}

impl Services {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `service`, replacing one of the same type.
    pub fn insert<T: Any + Send + Sync>(&mut self, service: T) {
        self.map.insert(TypeId::of::<T>(), Arc::new(service));
    }

    /// The service of type `T`, or an error naming it (a wiring mistake, not a client's).
    pub fn get<T: Any + Send + Sync>(&self) -> anyhow::Result<&T> {
        self.map
            .get(&TypeId::of::<T>())
            .and_then(|service| service.downcast_ref::<T>())
            .ok_or_else(|| anyhow::anyhow!("no service {} registered for jobs", std::any::type_name::<T>()))
    }
}

impl std::fmt::Debug for Services {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Services").field("count", &self.map.len()).finish()
    }
}
