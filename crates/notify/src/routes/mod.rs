//! Thin HTTP handlers mirroring the URLs: extract, authorize, call the service, map.

pub mod notifications;
pub mod preferences;
pub mod unsubscribe;

/// Every notification endpoint.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(notifications::list_my_notifications)
        .service(notifications::mark_notifications_read)
        .service(preferences::get_my_notification_preferences)
        .service(preferences::put_my_notification_preferences)
        .service(unsubscribe::unsubscribe_notifications)
        .service(unsubscribe::get_unsubscribe_page);
}
