//! Webhooks for integrators (SIASN bridges, data warehouses): an organization's admins register
//! URLs for events; every matching domain event becomes a delivery, POSTed as
//! `{id, event, occurred_at, organization_id, data}` with a `Latih-Signature` header by a
//! `notify.webhook` job, retried with the queue's backoff and recorded with its outcome.

pub mod deliver;
pub mod dispatch;
pub mod dto;
pub mod entity;
pub mod model;
pub mod routes;
pub mod sender;
pub mod service;
pub mod sign;

use latih_jobs::Registry;

pub use model::WebhookPolicy;
pub use sender::WebhookSender;

/// Registers the webhook endpoints (under the API scope).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::create_webhook)
        .service(routes::list_webhooks)
        .service(routes::get_webhook)
        .service(routes::update_webhook)
        .service(routes::delete_webhook)
        .service(routes::list_webhook_deliveries);
}

/// The delivery job and the subscriber that turns every domain event into deliveries.
pub fn register_jobs(registry: &mut Registry) {
    registry.add::<deliver::DeliverWebhook>();
    registry.on_names(dispatch::SUBSCRIBER, None, dispatch::fan_out);
}
