//! Identity: organizations and their unit trees, people with NIP, roles and ranks, passwords,
//! access and refresh tokens, and the CSV roster import.

pub mod dto;
pub mod entity;
pub mod guard;
pub mod model;
pub mod password;
pub mod proxies;
pub mod routes;
pub mod service;
pub mod settings;

pub use guard::SessionGuard;
pub use password::Passwords;
pub use proxies::TrustedProxies;
pub use service::auth::AuthServices;
pub use settings::IdentitySettings;

/// Registers the identity endpoints (under the API scope) with their OpenAPI documentation.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::auth::login)
        .service(routes::auth::refresh)
        .service(routes::auth::logout)
        .service(routes::me::get_me)
        .service(routes::me::update_me)
        .service(routes::me::change_my_password)
        .service(routes::organizations::create_organization)
        .service(routes::organizations::list_organizations)
        .service(routes::organizations::get_organization)
        .service(routes::organizations::update_organization)
        .service(routes::units::create_unit)
        .service(routes::units::list_units)
        .service(routes::users::create_user)
        .service(routes::users::list_users)
        .service(routes::users_import::import_users)
        .service(routes::users::get_user)
        .service(routes::users::update_user);
}
