//! Thin HTTP handlers mirroring the URLs: extract, authorize, call the service, map.

pub mod notifications;

/// Every notification endpoint.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(notifications::list_my_notifications).service(notifications::mark_notifications_read);
}
