//! A door for every municipality: where toegang has no rules of a municipality, the national
//! frame's advice names the municipality's own phone number and website as a source confirmed
//! them (`rules/contacts.toml`), and says plainly when no source did: never a derived number.

use toegang::{Advice, Registry, Situation};

fn advise(municipality: &str) -> Advice {
    let registry = Registry::bundled().unwrap();
    let older = r#"{"reference_date":"2026-03-01","age":80,"needs":["household_tasks"]}"#;
    let advice = registry
        .advise(municipality, &Situation::from_json(older).unwrap())
        .unwrap();
    assert_eq!(advice.coverage, toegang::advice::Coverage::NationalFrame);
    advice
}

fn frame_notice(advice: &Advice) -> &toegang::catalogue::Text {
    let code = toegang::advice::NoticeCode::NationalFrame;
    &advice.notices.iter().find(|n| n.code == code).unwrap().text
}

#[test]
fn a_municipality_without_rules_but_with_a_sourced_number_is_named_with_it() {
    let advice = advise("Almere");
    let contact = advice.municipality.contact.as_ref().unwrap();
    assert_eq!(contact.phone.as_deref(), Some("14 036"));
    assert!(contact.source.starts_with("https://www.almere.nl/"));
    let notice = frame_notice(&advice);
    assert!(
        notice
            .nl
            .contains("Bel de gemeente Almere: 14 036, of kijk op www.almere.nl."),
        "{}",
        notice.nl
    );
    assert!(
        notice
            .en
            .contains("Call the municipality of Almere: 14 036"),
        "{}",
        notice.en
    );
    // The unanswered need says where to report it.
    assert!(advice.unmet_needs[0]
        .text
        .nl
        .ends_with("Meld uw vraag bij de gemeente. Bel 14 036."));
}

#[test]
fn a_municipality_with_only_a_sourced_website_is_told_its_number_is_not_known() {
    let advice = advise("Zwolle");
    let notice = frame_notice(&advice);
    assert!(notice.nl.contains("Kijk op www.zwolle.nl. Het telefoonnummer van de gemeente Zwolle staat nog niet in deze keuzehulp."), "{}", notice.nl);
    assert!(
        !notice.nl.contains("Bel "),
        "no derived 14 038: {}",
        notice.nl
    );
    assert!(!advice.unmet_needs[0].text.nl.contains("Bel "));
}

#[test]
fn a_municipality_no_source_gave_a_contact_for_says_so() {
    let advice = advise("Tubbergen");
    assert!(advice.municipality.contact.is_none());
    let notice = frame_notice(&advice);
    assert!(notice.nl.contains("Het telefoonnummer en de website van de gemeente Tubbergen staan nog niet in deze keuzehulp."), "{}", notice.nl);
}

/// How far the table reaches today (the closing note's count): a file cut short would show here.
#[test]
fn most_municipalities_have_a_sourced_door() {
    let registry = Registry::bundled().unwrap();
    let current = registry
        .municipalities()
        .iter()
        .filter(|m| m.valid_to.is_none());
    let contacts: Vec<_> = current.filter_map(|m| m.contact.as_ref()).collect();
    let phones = contacts.iter().filter(|c| c.phone.is_some()).count();
    assert!(
        contacts.len() >= 330,
        "{} municipalities with a sourced door",
        contacts.len()
    );
    assert!(phones >= 120, "{phones} with a sourced phone number");
    assert!(contacts.iter().all(|c| c.source.starts_with("http")));
}
