//! The language of problem titles and details, picked by `Accept-Language`.

use actix_web::HttpRequest;
use actix_web::http::header::ACCEPT_LANGUAGE;

/// Indonesian is the default; English on request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    /// Reads `Accept-Language`, honouring q-values; anything but a preferred `en` means Indonesian.
    pub fn from_request(req: &HttpRequest) -> Self {
        req.headers().get(ACCEPT_LANGUAGE).and_then(|value| value.to_str().ok()).map(Self::parse).unwrap_or_default()
    }

    /// Parses an `Accept-Language` value such as `en-US,en;q=0.9,id;q=0.8`.
    pub fn parse(header: &str) -> Self {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let quality =
                pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let lang = match primary {
                "en" => Lang::En,
                "id" | "in" => Lang::Id,
                _ => continue,
            };
            if best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, lang));
            }
        }
        best.map(|(_, lang)| lang).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn english_is_chosen_only_when_preferred() {
        assert_eq!(Lang::parse("en"), Lang::En);
        assert_eq!(Lang::parse("en-US,en;q=0.9"), Lang::En);
        assert_eq!(Lang::parse("id,en;q=0.5"), Lang::Id);
        assert_eq!(Lang::parse("fr"), Lang::Id);
        assert_eq!(Lang::parse("fr, en;q=0.3"), Lang::En);
    }
}
