//! Amounts of money as each language writes them, from whole cents (no floating point).

/// `€ 1.587,34`, as Dutch writes an amount.
pub fn euros(cents: u32) -> String {
    format!(
        "€ {},{:02}",
        grouped((cents / 100).into(), '.'),
        cents % 100
    )
}

/// `€1,587.34`, as English writes an amount.
pub fn euros_en(cents: u32) -> String {
    format!("€{}.{:02}", grouped((cents / 100).into(), ','), cents % 100)
}

/// A whole number with `separator` between thousands: `1.587` in Dutch, `1,587` in English.
pub fn grouped(n: u64, separator: char) -> String {
    match n {
        0..=999 => n.to_string(),
        _ => format!("{}{separator}{:03}", grouped(n / 1000, separator), n % 1000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_groups_thousands_with_a_dot_and_english_with_a_comma() {
        assert_eq!(euros(158_734), "€ 1.587,34");
        assert_eq!(euros_en(158_734), "€1,587.34");
        assert_eq!(euros(200), "€ 2,00");
        assert_eq!(euros_en(5), "€0.05");
        assert_eq!(grouped(1_234_567, '.'), "1.234.567");
        assert_eq!(grouped(999, ','), "999");
        assert_eq!(grouped(1_000, ','), "1,000");
    }
}
