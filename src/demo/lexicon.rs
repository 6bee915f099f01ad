//! Word lists of the demo campaign: French names, Allier communes, streets, sectors and jobs.
//!
//! Every string here must be encodable in Windows-1252 (the legacy export encoding): accents,
//! `œ`, the typographic apostrophe `’` and `€` are fine; anything else is rejected when
//! the legacy files are written.

/// A commune of the Allier (03): name, postal code, INSEE commune number, relative weight.
pub(crate) struct Commune {
    pub name: &'static str,
    pub postal: &'static str,
    pub insee: u16,
    pub weight: u32,
}

const fn c(name: &'static str, postal: &'static str, insee: u16, weight: u32) -> Commune {
    Commune {
        name,
        postal,
        insee,
        weight,
    }
}

#[rustfmt::skip]
pub(crate) const COMMUNES: &[Commune] = &[
    c("Moulins", "03000", 190, 20),
    c("Avermes", "03000", 13, 4),
    c("Yzeure", "03400", 321, 7),
    c("Montluçon", "03100", 185, 30),
    c("Domérat", "03410", 101, 5),
    c("Désertines", "03630", 98, 3),
    c("Vichy", "03200", 310, 20),
    c("Cusset", "03300", 95, 8),
    c("Bellerive-sur-Allier", "03700", 23, 6),
    c("Abrest", "03200", 1, 2),
    c("Saint-Yorre", "03270", 258, 2),
    c("Commentry", "03600", 82, 4),
    c("Gannat", "03800", 118, 4),
    c("Saint-Pourçain-sur-Sioule", "03500", 254, 3),
    c("Lapalisse", "03120", 138, 2),
    c("Dompierre-sur-Besbre", "03290", 102, 2),
    c("Bourbon-l'Archambault", "03160", 36, 1),
    c("Néris-les-Bains", "03310", 195, 2),
    c("Varennes-sur-Allier", "03150", 298, 2),
    c("Saint-Germain-des-Fossés", "03260", 236, 2),
    c("Creuzier-le-Vieux", "03300", 92, 2),
    c("Cosne-d'Allier", "03430", 84, 1),
    c("Montmarault", "03390", 186, 1),
    c("Souvigny", "03210", 275, 1),
    c("Le Mayet-de-Montagne", "03250", 165, 1),
    c("Lurcy-Lévis", "03320", 155, 1),
];

#[rustfmt::skip]
pub(crate) const MALE_FIRST_NAMES: &[&str] = &[
    "Jean", "Pierre", "Michel", "André", "Philippe", "Alain", "Bernard", "Jacques", "Daniel",
    "Christian", "Patrick", "Nicolas", "Christophe", "Frédéric", "Laurent", "Stéphane", "Éric",
    "Thierry", "David", "Julien", "Sébastien", "Olivier", "Pascal", "Jérôme", "Didier", "François",
    "Gérard", "Dominique", "Sylvain", "Cédric", "Thomas", "Alexandre", "Mathieu", "Maxime",
    "Antoine", "Guillaume", "Romain", "Kévin", "Anthony", "Jérémy", "Vincent", "Benoît", "Hervé",
    "Joël", "Rémi", "Loïc", "Gaël", "Noël", "Raphaël", "Mickaël", "Hugo", "Lucas", "Théo", "Léo",
    "Nathan", "Enzo", "Louis", "Gabriel", "Arthur", "Clément", "Quentin", "Valentin", "Florian",
    "Adrien", "Bastien", "Damien", "Fabien", "Grégory", "Ludovic", "Yannick", "Régis", "Gilles",
    "Serge", "Roger", "René", "Marcel", "Yves", "Jean-Claude", "Jean-Pierre", "Jean-Marc",
    "Jean-François", "Jean-Luc", "Pierre-Étienne", "Jean-Noël", "Hélio", "Mohamed", "Karim",
    "Mehdi", "Youssef", "Rachid", "Samir", "José", "Manuel", "António", "João", "Luís", "Tiago",
    "Ahmet", "Mustafa", "Baptiste", "Aurélien", "Jérémie", "Timothée", "Amaury", "Cyrille", "Émile",
    "Étienne", "Félix", "Gaëtan", "Joaquim", "Lionel", "Marius", "Maël", "Nathanaël", "Noé",
    "Sacha", "Thibault", "Tristan", "Ugo", "Xavier", "Yoann",
];

#[rustfmt::skip]
pub(crate) const FEMALE_FIRST_NAMES: &[&str] = &[
    "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Valérie", "Christine",
    "Sandrine", "Véronique", "Stéphanie", "Céline", "Sophie", "Aurélie", "Émilie", "Julie",
    "Élodie", "Laëtitia", "Mélanie", "Virginie", "Karine", "Corinne", "Patricia", "Martine",
    "Brigitte", "Monique", "Chantal", "Nicole", "Hélène", "Anne", "Laurence", "Delphine",
    "Caroline", "Audrey", "Camille", "Manon", "Léa", "Chloé", "Inès", "Jade", "Louise", "Emma",
    "Lola", "Clémence", "Maëlle", "Noémie", "Océane", "Anaïs", "Gaëlle", "Solène", "Agnès",
    "Béatrice", "Cécile", "Danièle", "Édith", "Geneviève", "Héléna", "Irène", "Josiane",
    "Madeleine", "Michèle", "Mireille", "Odile", "Pénélope", "Renée", "Thérèse", "Yvette", "Zoé",
    "Marie-Thérèse", "Marie-Hélène", "Anne-Sophie", "Marie-Noëlle", "Fatima", "Nadia", "Samira",
    "Leïla", "Yasmina", "Amina", "Maria", "Ana", "Conceição", "Fátima", "Sónia", "Elif", "Justine",
    "Margaux", "Pauline", "Charlotte", "Lucie", "Amandine", "Angélique", "Carole", "Claire",
    "Estelle", "Fabienne", "Florence", "Ginette", "Hortense", "Jacqueline", "Joëlle", "Liliane",
    "Lydie", "Magali", "Marion", "Mathilde", "Morgane", "Myriam", "Noëlle", "Perrine", "Rachel",
    "Séverine", "Sabine", "Tiphaine", "Ursule", "Victoire", "Wendy", "Yolande", "Zélie", "Ophélie",
    "Bérénice", "Capucine",
];

#[rustfmt::skip]
pub(crate) const LAST_NAMES: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
    "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller",
    "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont",
    "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer",
    "Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche", "Roy", "Noël", "Meyer",
    "Lucas", "Meunier", "Jean", "Pérez", "Marchand", "Dufour", "Blanchard", "Marie", "Barbier",
    "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin", "Fernandez", "Pierre", "Renard",
    "Arnaud", "Rolland", "Caron", "Aubert", "Giraud", "Leclerc", "Vidal", "Bourgeois", "Renaud",
    "Lemoine", "Picard", "Gaillard", "Philippe", "Leclercq", "Lacroix", "Fabre", "Dupuis",
    "Olivier", "Rodriguez", "Da Silva", "Hubert", "Louis", "Charles", "Guillot", "Rivière",
    "Le Gall", "Guillaume", "Adam", "Rey", "Moulin", "Gonzalez", "Berger", "Lecomte", "Ménard",
    "Fleury", "Deschamps", "Carpentier", "Julien", "Benoît", "Paris", "Maillard", "Marchal",
    "Aubry", "Vasseur", "Le Roux", "Renault", "Jacquet", "Collet", "Prévost", "Poirier",
    "Charpentier", "Royer", "Huet", "Baron", "Dupuy", "Pons", "Paul", "Laine", "Carré", "Breton",
    "Rémy", "Schneider", "Perrot", "Guyot", "Barre", "Marty", "Cousin", "Bénard", "Chrétien",
    "Lévêque", "Hébert", "Béranger", "Pélissier", "Grégoire", "Thévenin", "Séguin", "Périchon",
    "Mérand", "Lefébure", "Fèvre", "Bédu", "Crépin", "Dégoutte", "Écuyer", "Émery", "Gaudré",
    "Hénault", "Jérôme", "Lhéritier", "Ménétrier", "Pégoud", "Rébillard", "Sénéchal", "Tréhard",
    "Vénuat", "Achard", "Auclair", "Bardet", "Berthon", "Bourdier", "Chabrol", "Chassagne",
    "Chauvet", "Coulon", "Darrot", "Duchet", "Jarrige", "Labbé", "Lafaye", "Mallet", "Michaud",
    "Pacaud", "Pinet", "Pouzet", "Tixier", "Vernet", "Aufrère", "Bidet", "Brégeat", "Chérasse",
    "Dérozier", "Giraudet", "Goutaudier", "Lasnier", "Mazuel", "Pérot", "Rollet", "Thévenet",
    "Vallat", "Védrine", "Lœuillet", "Dubœuf", "Lebœuf", "Cœur", "Sœurdan", "Cœurderoy",
    "L’Hôpital", "L’Huillier", "D’Aubigny", "L’Hermitte", "D’Angelo", "Benali", "Haddad",
    "Mansouri", "Boukhris", "Pereira", "Ferreira", "Rodrigues", "Gonçalves", "Lopes", "Oliveira",
    "Kaya", "Nowak", "Kowalski", "Müller", "Rossi", "Esposito", "Traoré", "Diallo", "Camara",
];

/// Streets (without the number). A few carry `’` or `œ`.
#[rustfmt::skip]
pub(crate) const STREETS: &[&str] = &[
    "rue de la République", "avenue de Gramont", "rue d’Allier", "boulevard de Courtais",
    "rue Pierre-Sémard", "place de l’Hôtel-de-Ville", "rue du Docteur-Roux", "rue des Sœurs-Grises",
    "impasse du Cœur-Volant", "allée des Tilleuls", "route de Montluçon", "rue Jean-Jaurès",
    "avenue Victor-Hugo", "rue de Paris", "rue Gambetta", "cours Anatole-France", "quai d’Allier",
    "rue de l’Église", "rue du Stade", "chemin des Bruyères", "rue des Écoles",
    "avenue du Général-de-Gaulle", "rue Émile-Zola", "rue de Bourgogne", "boulevard Ledru-Rollin",
    "rue des Grands-Prés", "route de Vichy", "rue de la Gare", "avenue de la Libération",
    "rue des Forges", "rue Louis-Blanc", "rue du Château", "rue Achille-Roche", "avenue Thermale",
    "rue de Nérondes", "chemin de la Font-Saint-Julien", "rue du Faubourg-d’Allier",
    "rue des Œillets",
];

/// Flat, building or residence complements; `;` on purpose (legacy typists use it as a separator).
#[rustfmt::skip]
pub(crate) const COMPLEMENTS: &[&str] = &[
    "Résidence Les Tilleuls, bât. B", "Appt 12; Résidence Le Bourbonnais", "Bât. C; 2e étage",
    "Les Jardins d’Yzeure, appt 5", "Foyer des jeunes travailleurs, chambre 14",
    "Lieu-dit Les Bruyères", "Chez Mme Lœuillet",
];

#[rustfmt::skip]
pub(crate) const MAIL_DOMAINS: &[&str] = &[
    "orange.fr", "wanadoo.fr", "gmail.com", "free.fr", "sfr.fr", "laposte.net", "hotmail.fr",
    "yahoo.fr", "outlook.fr",
];

/// One activity sector of the member firms: how they are named and who works there.
pub(crate) struct Sector {
    /// Firm name patterns; `{n}` = a last name, `{c}` = the commune, `{dc}` = "de|d’ commune".
    pub names: &'static [&'static str],
    pub naf: &'static str,
    pub headcount: (u32, u32),
    pub jobs: &'static [&'static str],
    pub weight: u32,
}

#[rustfmt::skip]
pub(crate) const SECTORS: &[Sector] = &[
    Sector {
        names: &[
            "Boulangerie {n}", "Boulangerie {dc}", "Au Fournil {dc}", "Pâtisserie Au Cœur de {c}",
        ],
        naf: "10.71C",
        headcount: (2, 14),
        jobs: &[
            "Boulanger", "Pâtissier", "Vendeuse en boulangerie-pâtisserie", "Apprenti boulanger",
            "Tourier", "Responsable de magasin de boulangerie-pâtisserie",
        ],
        weight: 5,
    },
    Sector {
        names: &[
            "EHPAD Les Jardins {dc}", "EHPAD Résidence Sœur Marie-Thérèse", "EHPAD Le Cœur de {c}",
            "EHPAD Les Tilleuls {dc}",
        ],
        naf: "87.10A",
        headcount: (30, 140),
        jobs: &[
            "Aide-soignante", "Aide-soignant de nuit",
            "Agent de service hospitalier qualifié en stérilisation", "Infirmière diplômée d’État",
            "Auxiliaire de vie sociale", "Cuisinier en restauration collective",
            "Agent d’entretien des locaux", "Animatrice",
            "Infirmière coordinatrice en établissement d’hébergement",
        ],
        weight: 4,
    },
    Sector {
        names: &[
            "Garage {n} et Fils", "Garage du Centre {dc}", "Garage de la Gare {dc}",
            "Carrosserie {n}",
        ],
        naf: "45.20A",
        headcount: (3, 22),
        jobs: &[
            "Mécanicien automobile", "Carrossier-peintre", "Réceptionnaire après-vente automobile",
            "Technicien de maintenance poids lourds et engins agricoles",
            "Magasinier pièces détachées",
        ],
        weight: 4,
    },
    Sector {
        names: &[
            "Transports {n}", "Transports {n} & Cie", "Cars du Bourbonnais",
            "Logistique {n}; plateforme {dc}",
        ],
        naf: "49.41A",
        headcount: (10, 90),
        jobs: &[
            "Conducteur routier poids lourds", "Conducteur de car scolaire", "Agent de quai",
            "Préparateur de commandes en entrepôt frigorifique", "Exploitant transport", "Cariste",
        ],
        weight: 4,
    },
    Sector {
        names: &[
            "Mairie {dc}", "Communauté d’agglomération {dc}",
            "Centre communal d’action sociale {dc}",
        ],
        naf: "84.11Z",
        headcount: (5, 160),
        jobs: &[
            "Adjoint administratif territorial principal de 2e classe",
            "Agent technique polyvalent des espaces verts", "Secrétaire de mairie", "ATSEM",
            "Policier municipal", "Agent de restauration scolaire",
        ],
        weight: 3,
    },
    Sector {
        names: &["{n} Bâtiment", "Maçonnerie {n}", "Menuiserie {n} et Fils", "SARL {n} Charpente"],
        naf: "43.99C",
        headcount: (3, 40),
        jobs: &[
            "Maçon", "Chef de chantier gros œuvre", "Coffreur-bancheur", "Menuisier poseur",
            "Charpentier", "Plaquiste", "Conducteur d’engins de travaux publics",
        ],
        weight: 4,
    },
    Sector {
        names: &[
            "Ateliers mécaniques du Bourbonnais", "Forges {dc}", "Chaudronnerie {n}",
            "Usinage {n} Précision",
        ],
        naf: "25.62B",
        headcount: (15, 250),
        jobs: &[
            "Opérateur sur machine à commande numérique", "Soudeur", "Chaudronnier", "Régleur",
            "Technicien méthodes industrialisation", "Contrôleur qualité",
        ],
        weight: 3,
    },
    Sector {
        names: &[
            "Hôtel du Parc {dc}", "Hôtel {n}", "Restaurant {n}", "Brasserie {n}", "Auberge {dc}",
        ],
        naf: "55.10Z",
        headcount: (4, 60),
        jobs: &[
            "Réceptionniste", "Femme de chambre", "Commis de cuisine", "Chef de partie", "Serveur",
            "Plongeur",
        ],
        weight: 3,
    },
    Sector {
        names: &["Pharmacie {n}", "Pharmacie du Cœur de Ville", "Pharmacie de la Gare {dc}"],
        naf: "47.73Z",
        headcount: (3, 15),
        jobs: &["Préparatrice en pharmacie", "Pharmacien adjoint", "Rayonniste parapharmacie"],
        weight: 2,
    },
    Sector {
        names: &["Coopérative agricole du Val d’Allier", "Silos {n}", "GAEC {n}", "EARL {n}"],
        naf: "46.21Z",
        headcount: (4, 80),
        jobs: &[
            "Agent de silo", "Chauffeur-livreur", "Ouvrier agricole polyvalent",
            "Technico-commercial en agrofourniture",
        ],
        weight: 2,
    },
];

/// Occupational-health physicians and nurses of SSTI03 (the `medecin` column of visits).
#[rustfmt::skip]
pub(crate) const DOCTORS: &[&str] = &[
    "Dr Claire Lœuillet", "Dr Thierry L’Hôpital", "Dr Amélie Dubœuf", "Dr Jean-François Bérard",
    "Dr Nadia Benali", "Dr Pierre-Étienne Chabrol", "Dr Sophie Cœur", "Dr Marc Vernet",
    "Isabelle Thévenet (infirmière)", "Gaëlle Pouzet (infirmière)",
];

/// Legacy visit type code, its migrated code, relative weight and possible conclusions.
pub(crate) struct VisitType {
    pub code: &'static str,
    pub migrated: &'static str,
    pub weight: u32,
    pub conclusions: &'static [&'static str],
}

#[rustfmt::skip]
pub(crate) const VISIT_TYPES: &[VisitType] = &[
    VisitType {
        code: "VIP", migrated: "information_prevention", weight: 30,
        conclusions: &["Attestation de suivi délivrée", "Orientation vers le médecin du travail"],
    },
    VisitType {
        code: "VIPP", migrated: "periodic_information_prevention", weight: 30,
        conclusions: &["Attestation de suivi délivrée", "Attestation de suivi; revoir dans 2 ans"],
    },
    VisitType {
        code: "SIR", migrated: "reinforced_monitoring", weight: 15,
        conclusions: &[
            "Avis d’aptitude", "Avis d’inaptitude",
            "Avis d’aptitude avec aménagement de poste : pas de port de charges > 15 kg",
        ],
    },
    VisitType {
        code: "REP", migrated: "return_to_work", weight: 12,
        conclusions: &[
            "Apte à la reprise", "Reprise à temps partiel thérapeutique",
            "Aménagement de poste; revoir dans 3 mois",
        ],
    },
    VisitType {
        code: "PRE", migrated: "pre_return_to_work", weight: 5,
        conclusions: &["Préconisations transmises à l’employeur", "Étude de poste à prévoir"],
    },
    VisitType {
        code: "DEM", migrated: "on_request", weight: 8,
        conclusions: &[
            "Écoute et conseils", "Orientation vers le médecin traitant", "Cœur : ECG à prévoir",
        ],
    },
];

/// Legacy exam code, migrated code, unit of the result, and a plausible result range.
pub(crate) struct ExamType {
    pub code: &'static str,
    pub migrated: &'static str,
    pub unit: &'static str,
    /// Plausible result: (min, max) in hundredths of the unit, and decimals shown.
    pub result: Option<(u32, u32, u32)>,
    pub weight: u32,
}

const fn exam(
    code: &'static str,
    migrated: &'static str,
    unit: &'static str,
    result: Option<(u32, u32, u32)>,
    weight: u32,
) -> ExamType {
    ExamType {
        code,
        migrated,
        unit,
        result,
        weight,
    }
}

#[rustfmt::skip]
pub(crate) const EXAM_TYPES: &[ExamType] = &[
    exam("BIO", "biology", "mmol/L", Some((380, 720, 1)), 30),
    exam("RX", "imaging", "", None, 15),
    exam("AUD", "audiometry", "dB", Some((500, 4500, 1)), 25),
    exam("EFR", "spirometry", "L", Some((180, 520, 2)), 15),
    exam("OPH", "ophthalmology", "/10", Some((600, 1000, 1)), 15),
];

/// Free comments of the exams (`commentaire`); some get trailing spaces in the legacy export.
#[rustfmt::skip]
pub(crate) const EXAM_COMMENTS: &[&str] = &[
    "À jeun", "Exposition au bruit > 85 dB(A)", "Rappel par courrier",
    "Salarié en arrêt, à reprogrammer", "Résultats à transmettre au Dr L’Hôpital",
    "Facturé 38,50 € à l’adhérent", "Prévoir interprète",
    "Cœur : ECG demandé par le médecin traitant", "Contrôle annuel (port d’EPI respiratoire)",
    "Avance de frais 25 € remboursée", "Accompagné par sa sœur (interprète LSF)",
];
