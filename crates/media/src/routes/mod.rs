//! Thin HTTP handlers mirroring the URLs: extract, authorize, call the service, map.

pub mod complete;
pub mod content;
pub mod files;
pub mod uploads;

/// Every media endpoint.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(uploads::declare_media_upload)
        .service(uploads::upload_media_content)
        .service(complete::complete_media_upload)
        .service(files::get_media)
        .service(files::delete_media)
        .service(files::download_media)
        .service(content::get_media_content);
}
