//! Certificate codes: 60 random bits in Crockford base32 (no I, L, O, U), grouped for reading
//! aloud over the phone: `7KQ2-MX9D-4TRW`.

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

pub fn new_code() -> String {
    let bits: u64 = rand::random::<u64>() >> 4;
    let chars: Vec<u8> = (0..12).map(|i| ALPHABET[((bits >> (55 - i * 5)) & 31) as usize]).collect();
    let text = String::from_utf8_lossy(&chars).into_owned();
    format!("{}-{}-{}", &text[0..4], &text[4..8], &text[8..12])
}

/// A code as typed by a person: case, spaces and look-alike letters forgiven.
pub fn normalize(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    if cleaned.len() == 12 { format!("{}-{}-{}", &cleaned[0..4], &cleaned[4..8], &cleaned[8..12]) } else { cleaned }
}

#[cfg(test)]
mod tests {
    use super::{new_code, normalize};

    #[test]
    fn codes_are_grouped_and_forgive_typing() {
        let code = new_code();
        assert_eq!(code.len(), 14);
        assert_ne!(code, new_code());
        assert_eq!(normalize(&code.to_lowercase().replace('-', " ")), code);
        assert_eq!(normalize("7kq2 mx9d 4trw"), "7KQ2-MX9D-4TRW");
    }
}
