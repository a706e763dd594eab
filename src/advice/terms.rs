//! The words of an advice a resident may not know ("beschikking", "zorgkantoor", "Samen Doen"),
//! each explained once, at its first use. The page and `toegang advise --format table` show the
//! same explanations; case systems that print an advice can ask for them too.

use super::{Access, Advice, Cost, PartyKind, ProvisionAdvice, Route};
use crate::catalogue::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A word of the advice and what it means, in B1 Dutch and English.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Term {
    /// The word as the advice uses it (`beschikking`; a party's name such as `Samen Doen
    /// Hardenberg`).
    pub term: Text,
    /// What it means, in one or two short sentences.
    pub explanation: Text,
    /// The provision whose card uses it first; `None` for the words of the advice as a whole
    /// (client support).
    pub first_in: Option<String>,
}

/// One entry of the glossary: the word, the Dutch stems that show the advice uses it, and what it
/// means.
struct Entry {
    term: (&'static str, &'static str),
    stems: &'static [&'static str],
    explanation: (&'static str, &'static str),
}

/// The glossary: the terms of the Dutch social domain an advice may use.
const GLOSSARY: &[Entry] = &[
    Entry {
        term: ("beschikking", "beschikking (decision)"),
        stems: &["beschikking"],
        explanation: (
            "Een besluit van de gemeente, in een brief. Daarin staat welke hulp u krijgt. Bent u het er niet mee eens? Dan kunt u bezwaar maken.",
            "A decision of the municipality, in a letter. It says which help you get. If you disagree, you can object.",
        ),
    },
    Entry {
        term: ("pgb (persoonsgebonden budget)", "pgb (personal budget)"),
        stems: &["pgb", "persoonsgebonden budget"],
        explanation: (
            "Geld van de gemeente waarmee u zelf uw hulp kiest en betaalt. U moet dan zelf de administratie doen.",
            "Money from the municipality with which you choose and pay for your own help. You then keep the records yourself.",
        ),
    },
    Entry {
        term: ("eigen bijdrage", "contribution (eigen bijdrage)"),
        stems: &["eigen bijdrage", "abonnementstarief"],
        explanation: (
            "Wat u zelf betaalt voor hulp uit de Wmo. Het is een vast bedrag per maand, voor uw hele huishouden samen. U betaalt het aan het CAK.",
            "What you pay yourself for help under the Wmo: a fixed amount a month, for your whole household together. You pay it to the CAK.",
        ),
    },
    Entry {
        term: ("Wlz (Wet langdurige zorg)", "Wlz (Long-term Care Act)"),
        stems: &["wlz", "wet langdurige zorg"],
        explanation: (
            "De wet voor mensen die altijd zorg of toezicht dichtbij nodig hebben. Het CIZ (Centrum indicatiestelling zorg) beslist of u Wlz-zorg krijgt.",
            "The law for people who always need care or supervision close by. The CIZ (the care assessment centre) decides whether you get Wlz care.",
        ),
    },
    Entry {
        term: ("zorgkantoor", "care office (zorgkantoor)"),
        stems: &["zorgkantoor"],
        explanation: (
            "Het kantoor dat in uw regio de zorg uit de Wet langdurige zorg regelt.",
            "The office that arranges care under the Long-term Care Act in your region.",
        ),
    },
    Entry {
        term: ("centrumgemeente", "central municipality (centrumgemeente)"),
        stems: &["centrumgemeente"],
        explanation: (
            "Een grote gemeente die beschermd wonen en opvang regelt voor de gemeenten in de buurt.",
            "A large municipality that arranges sheltered living and shelter for the municipalities around it.",
        ),
    },
    Entry {
        term: ("cliëntondersteuner", "client supporter (cliëntondersteuner)"),
        stems: &["cliëntondersteun"],
        explanation: (
            "Iemand die u gratis helpt bij uw vraag en bij het gesprek met de gemeente. Die werkt niet voor de gemeente en staat aan uw kant.",
            "Someone who helps you for free with your question and in the conversation with the municipality. They do not work for the municipality and are on your side.",
        ),
    },
    Entry {
        term: ("mantelzorger", "carer (mantelzorger)"),
        stems: &["mantelzorg"],
        explanation: (
            "Iemand die lange tijd zorgt voor een partner, ouder, kind of vriend die ziek is of een beperking heeft, zonder daarvoor betaald te worden.",
            "Someone who cares for a long time, unpaid, for a partner, parent, child or friend who is ill or has a disability.",
        ),
    },
    Entry {
        term: ("wijkverpleegkundige", "district nurse (wijkverpleegkundige)"),
        stems: &["wijkverpleeg"],
        explanation: (
            "Een verpleegkundige die bij u thuis komt. U betaalt die uit uw zorgverzekering.",
            "A nurse who comes to your home, paid by your health insurance.",
        ),
    },
    Entry {
        term: ("gebruikelijke hulp", "usual help (gebruikelijke hulp)"),
        stems: &["gebruikelijke hulp", "huishouden kan doen", "huishouden doen"],
        explanation: (
            "Hulp die huisgenoten elkaar normaal geven, zoals samen het huishouden doen. Die gaat voor hulp van de gemeente.",
            "Help that people living together normally give each other, such as sharing the housework. It comes before help from the municipality.",
        ),
    },
    Entry {
        term: ("bijzondere bijstand", "special assistance (bijzondere bijstand)"),
        stems: &["bijzondere bijstand"],
        explanation: (
            "Geld van de gemeente voor kosten die u niet zelf kunt betalen, als u weinig inkomen heeft.",
            "Money from the municipality for costs you cannot pay yourself, if you have a low income.",
        ),
    },
    Entry {
        term: ("thuiszorgwinkel", "home-care shop (thuiszorgwinkel)"),
        stems: &["thuiszorgwinkel", "uitleenpunt"],
        explanation: (
            "Een winkel die hulpmiddelen uitleent, verhuurt en verkoopt, zoals een rolstoel of een douchestoel.",
            "A shop that lends, rents out and sells aids, such as a wheelchair or a shower chair.",
        ),
    },
    Entry {
        term: ("melding", "report (melding)"),
        stems: &["melding"],
        explanation: (
            "U laat de gemeente weten dat u hulp nodig heeft. Binnen 6 weken praat de gemeente dan met u over uw situatie.",
            "You tell the municipality that you need help. Within 6 weeks the municipality then talks with you about your situation.",
        ),
    },
];

/// What a kind of door is, for a party whose name does not say it ("Samen Doen Hardenberg").
/// The municipality itself needs no explanation.
fn party_kind(kind: PartyKind) -> Option<(&'static str, &'static str)> {
    Some(match kind {
        PartyKind::Municipality => return None,
        PartyKind::Wijkteam => (
            "Het team van de gemeente in uw buurt. Daar kunt u terecht met vragen over zorg, geld, opvoeden en meedoen.",
            "The municipality's team in your neighbourhood, for questions about care, money, parenting and taking part.",
        ),
        PartyKind::Cjg => (
            "Het Centrum voor Jeugd en Gezin: voor vragen over opvoeden en opgroeien.",
            "The Centre for Youth and Family: for questions about parenting and growing up.",
        ),
        PartyKind::SocialWork => (
            "Maatschappelijk werk: een hulpverlener praat met u over persoonlijke problemen en zoekt met u een oplossing.",
            "Social work: a counsellor talks with you about personal problems and looks for a solution with you.",
        ),
        PartyKind::Welfare => (
            "Een welzijnsorganisatie: activiteiten, vrijwilligers en steun voor mantelzorgers in uw buurt.",
            "A welfare organisation: activities, volunteers and support for carers near you.",
        ),
        PartyKind::Loket => (
            "Het loket van de gemeente voor vragen over zorg en hulp.",
            "The municipality's desk for questions about care and support.",
        ),
        PartyKind::Provider => (
            "Een organisatie die de hulp geeft. U kunt daar zelf naartoe.",
            "An organisation that gives the help. You can go there yourself.",
        ),
        PartyKind::ClientSupport => (
            "Een organisatie voor gratis, onafhankelijke cliëntondersteuning.",
            "An organisation for free, independent client support.",
        ),
        PartyKind::CentralMunicipality => (
            "De centrumgemeente: de grote gemeente die beschermd wonen en opvang regelt voor de gemeenten in de buurt.",
            "The central municipality: the large municipality that arranges sheltered living and shelter for the municipalities around it.",
        ),
    })
}

/// The terms this advice uses, each once, in the order a resident meets them: per provision (its
/// door first), then client support. Found in the Dutch texts; the English ones say the same.
pub fn terms(advice: &Advice) -> Vec<Term> {
    let mut found = Terms::default();
    for p in &advice.provisions {
        if let Some(access) = &p.access {
            found.party(access, Some(&p.provision));
        }
        found.words(&provision_text(p), Some(&p.provision));
    }
    if let Some(access) = &advice.client_support.access {
        found.party(access, None);
    }
    found.words(&advice.client_support.text.nl.to_ascii_lowercase(), None);
    found.0
}

#[derive(Default)]
struct Terms(Vec<Term>);

impl Terms {
    fn party(&mut self, access: &Access, first_in: Option<&String>) {
        let Some((nl, en)) = party_kind(access.kind) else {
            return;
        };
        if self.0.iter().any(|t| t.term.nl == access.name) {
            return;
        }
        self.0.push(Term {
            term: Text::new(access.name.clone(), access.name.clone()),
            explanation: Text::new(nl, en),
            first_in: first_in.cloned(),
        });
    }

    fn words(&mut self, text: &str, first_in: Option<&String>) {
        for entry in GLOSSARY {
            let used = entry.stems.iter().any(|stem| contains_word(text, stem));
            if used && !self.0.iter().any(|t| t.term.nl == entry.term.0) {
                self.0.push(Term {
                    term: Text::new(entry.term.0, entry.term.1),
                    explanation: Text::new(entry.explanation.0, entry.explanation.1),
                    first_in: first_in.cloned(),
                });
            }
        }
    }
}

/// Whether `stem` starts a word of `text` (so "pgb" is found in "pgb-houder", not in "wpgbx").
fn contains_word(text: &str, stem: &str) -> bool {
    text.match_indices(stem).any(|(at, _)| {
        !text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// Everything a card shows, in Dutch, lower case; a decision and a subscription rate bring their
/// terms even where no sentence names them.
fn provision_text(p: &ProvisionAdvice) -> String {
    let mut text = vec![p.next_step.nl.clone()];
    text.extend(p.elsewhere.iter().map(|e| e.description.nl.clone()));
    text.extend(p.limits.iter().map(|l| l.nl.clone()));
    text.extend(p.reasons.iter().map(|r| r.text.nl.clone()));
    if p.route == Route::DecisionRequired {
        text.push("beschikking".into());
    }
    if p.pgb_possible && p.route == Route::DecisionRequired {
        text.push("pgb".into());
    }
    if matches!(
        p.cost,
        Cost::SubscriptionRate { .. } | Cost::SubscriptionRateNotYetKnown { .. }
    ) {
        text.push("eigen bijdrage".into());
    }
    text.join("\n").to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stem_counts_only_at_the_start_of_a_word() {
        assert!(contains_word("vraag een pgb aan", "pgb"));
        assert!(contains_word("pgb-houder", "pgb"));
        assert!(!contains_word("xpgb", "pgb"));
        assert!(contains_word("de mantelzorger", "mantelzorg"));
    }

    #[test]
    fn every_glossary_entry_is_found_by_its_own_term() {
        for entry in GLOSSARY {
            let text = entry.term.0.to_ascii_lowercase();
            assert!(
                entry.stems.iter().any(|s| contains_word(&text, s)),
                "{}",
                entry.term.0
            );
        }
    }
}
