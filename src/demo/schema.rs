//! The shape of the demo campaign: file names and columns of each resource, on both sides,
//! and the `campaign.toml` that describes them to `recette`.

use super::sink::{Layout, Legacy};

/// One resource of the demo campaign.
pub(crate) struct Spec {
    pub name: &'static str,
    pub source_file: &'static str,
    pub encoding: Legacy,
    pub source_columns: &'static [&'static str],
    pub migrated_file: &'static str,
    pub layout: Layout,
    /// Written as a temporary CSV then converted to Parquet.
    pub parquet: bool,
    pub columns: &'static [&'static str],
    pub key: &'static [&'static str],
    /// Carried by the migrated file but not listed in `[resource.columns]`.
    pub extra: &'static [&'static str],
}

pub(crate) const FIRM: Spec = Spec {
    name: "firm",
    source_file: "adherents.csv",
    encoding: Legacy::Utf8Bom,
    source_columns: &[
        "num_adherent",
        "raison_sociale",
        "siret",
        "code_naf",
        "adresse",
        "code_postal",
        "ville",
        "telephone",
        "effectif",
        "date_adhesion",
    ],
    migrated_file: "firm.csv",
    layout: Layout::Csv,
    parquet: false,
    columns: &[
        "source_id",
        "name",
        "siret",
        "postal_code",
        "city",
        "headcount",
        "joined_on",
        "migration_batch",
    ],
    key: &["source_id"],
    extra: &["migration_batch"],
};

pub(crate) const EMPLOYEE: Spec = Spec {
    name: "employee",
    source_file: "salaries.csv",
    encoding: Legacy::Windows1252,
    source_columns: &[
        "num_salarie",
        "num_adherent",
        "civilite",
        "nom",
        "prenom",
        "sexe",
        "date_naissance",
        "nir",
        "adresse",
        "code_postal",
        "ville",
        "telephone",
        "email",
        "poste",
        "date_maj",
    ],
    migrated_file: "employee.csv",
    layout: Layout::Csv,
    parquet: false,
    columns: &[
        "source_id",
        "last_name",
        "first_name",
        "nir",
        "birth_date",
        "sex",
        "email",
        "phone",
        "address",
        "postal_code",
        "city",
        "firm_id",
        "job_title",
        "created_by",
    ],
    key: &["source_id"],
    extra: &["created_by"],
};

pub(crate) const CONTRACT: Spec = Spec {
    name: "contract",
    source_file: "contrats.csv",
    encoding: Legacy::Windows1252,
    source_columns: &[
        "num_salarie",
        "num_contrat",
        "type_contrat",
        "date_debut",
        "date_fin",
        "temps_partiel",
        "horaire_hebdo",
    ],
    migrated_file: "contract.csv",
    layout: Layout::Csv,
    parquet: false,
    columns: &[
        "employee_id",
        "contract_no",
        "contract_type",
        "start_on",
        "end_on",
        "part_time",
        "weekly_hours",
    ],
    key: &["employee_id", "contract_no"],
    extra: &[],
};

pub(crate) const VISIT: Spec = Spec {
    name: "visit",
    source_file: "visites.csv",
    encoding: Legacy::Windows1252,
    source_columns: &[
        "num_visite",
        "num_salarie",
        "date_visite",
        "heure",
        "type_visite",
        "medecin",
        "conclusion",
    ],
    migrated_file: "visit.json",
    layout: Layout::JsonLines,
    parquet: false,
    columns: &[
        "source_id",
        "employee_id",
        "visit_on",
        "visit_type",
        "doctor",
        "conclusion",
    ],
    key: &["source_id"],
    extra: &[],
};

pub(crate) const MEASURE_REQUEST: Spec = Spec {
    name: "measure_request",
    source_file: "examens.csv",
    encoding: Legacy::Windows1252,
    source_columns: &[
        "num_examen",
        "num_salarie",
        "type",
        "refus",
        "demande",
        "date_prescription",
        "date_prevue",
        "date_annulation",
        "valeur",
        "unite",
        "commentaire",
    ],
    migrated_file: "measure_request.parquet",
    layout: Layout::Csv,
    parquet: true,
    columns: &[
        "source_id",
        "employee_id",
        "exam_type",
        "planned_on",
        "prescribed_on",
        "status",
        "result_value",
        "comment",
    ],
    key: &["source_id"],
    extra: &[],
};

/// Deliveries: id, directory, date.
pub(crate) const DELIVERIES: [(&str, &str, &str); 2] = [
    ("L1", "deliveries/L1", "2026-09-14"),
    ("L2", "deliveries/L2", "2026-10-12"),
];

/// The `campaign.toml` of the demo (the `{rows}` and `{seed}` of the header are filled in).
pub(crate) fn campaign_toml(rows: usize, seed: u64) -> String {
    CAMPAIGN_TOML
        .replace("{rows}", &rows.to_string())
        .replace("{seed}", &seed.to_string())
}

const CAMPAIGN_TOML: &str = r#"# Campagne de recette de démonstration, générée par `recette demo --rows {rows} --seed {seed}`.
# Un service de santé au travail de l'Allier (SSTI03) passe du logiciel « préventiel » à « padoa ».
# Chaque [[resource]] décrit un type d'enregistrement : son fichier source (extraction de l'ancien
# logiciel), son fichier migré (dans chaque livraison), sa clé, les règles de reprise et, colonne par
# colonne, la valeur attendue côté migré calculée depuis la source.
# Les anomalies volontairement plantées dans les livraisons sont décrites dans PLANTED.md.

name = "SSTI03 — reprise préventiel vers padoa"
checklist = "checklist.toml"   # liste de vérifications de la recette (docs/checklist.md), copie de checklists/ssti03.toml

# Extraction de l'ancien logiciel : CSV séparés par « ; », encodés en Windows-1252,
# dates jj/mm/aaaa, décimales avec une virgule, champ vide = NULL.
[source]
dir = "source"
delimiter = ";"
encoding = "windows-1252"

# Les livraisons successives des données migrées (UTF-8, dates ISO, décimales avec un point).
[[delivery]]
id = "L1"
dir = "deliveries/L1"
date = "2026-09-14"

[[delivery]]
id = "L2"
dir = "deliveries/L2"
date = "2026-10-12"

# ---------------------------------------------------------------------------------------------
[[resource]]
name = "firm"
label = "Adhérents (entreprises)"
source = "adherents.csv"
source_encoding = "utf-8"        # cette extraction-là sort en UTF-8 (avec BOM) : on surcharge [source]
migrated = "firm.csv"
key = ["source_id"]              # colonne(s) du fichier migré ; source_id garde l'identifiant de l'ancien logiciel
pii = []                         # colonnes (côté migré) contenant des données personnelles, masquées à l'export
[resource.columns]               # colonne migrée = valeur attendue, calculée depuis la source
source_id = "num_adherent"       # une chaîne qui nomme une colonne source = cette colonne, telle quelle
name = "raison_sociale"
siret = "siret"
postal_code = "code_postal"      # comparaison exacte du texte : « 3100 » n'est pas « 03100 »
city = "ville"
headcount = "effectif"
joined_on = { from = "date_adhesion", date = "%d/%m/%Y" }   # source lue avec ce format, côté migré lu comme DATE
# migration_batch (fichier migré) n'est pas listée : elle est transportée, pas comparée.
[resource.labels]   # ce que les écrans, les exports et la ligne de commande montrent (le nom technique reste dans le SQL et le JSON)
source_id = "N° d'adhérent"
name = "Raison sociale"
siret = "SIRET"
postal_code = "Code postal"
city = "Ville"
headcount = "Effectif"
joined_on = "Date d'adhésion"

# ---------------------------------------------------------------------------------------------
[[resource]]
name = "employee"
label = "Salariés"
source = "salaries.csv"
migrated = "employee.csv"
key = ["source_id"]
pii = ["last_name", "first_name", "nir", "birth_date", "email", "phone", "address"]
[resource.columns]
source_id = "num_salarie"
last_name = "nom"
first_name = "prenom"
nir = "nir"
birth_date = { from = "date_naissance", date = "%d/%m/%Y" }
sex = { from = "sexe", map = { M = "male", F = "female" } }   # valeur source absente de la table = « non mappée »
email = "email"
phone = "replace(telephone, ' ', '')"   # toute autre chaîne est une expression SQL (DuckDB) sur les colonnes source
address = "adresse"
postal_code = "code_postal"
city = "ville"
firm_id = "num_adherent"
job_title = "poste"
# created_by (fichier migré) est transportée, pas comparée.
[resource.labels]
source_id = "N° de salarié"
last_name = "Nom"
first_name = "Prénom"
nir = "NIR"
birth_date = "Date de naissance"
sex = "Sexe"
email = "Courriel"
phone = "Téléphone"
address = "Adresse"
postal_code = "Code postal"
city = "Ville"
firm_id = "Adhérent"
job_title = "Poste"

# ---------------------------------------------------------------------------------------------
[[resource]]
name = "contract"
label = "Contrats de travail"
source = "contrats.csv"
migrated = "contract.csv"
key = ["employee_id", "contract_no"]   # clé composée : un salarié peut avoir plusieurs contrats
pii = []
[resource.columns]
employee_id = "num_salarie"
contract_no = "num_contrat"
contract_type = { from = "type_contrat", map = { CDI = "permanent", CDD = "fixed_term", INT = "temporary", APP = "apprenticeship" } }
start_on = { from = "date_debut", date = "%d/%m/%Y" }
end_on = { from = "date_fin", date = "%d/%m/%Y" }
part_time = { from = "temps_partiel", map = { O = "true", N = "false" } }
weekly_hours = { from = "horaire_hebdo", decimal_comma = true, tolerance = 0.01 }   # « 24,50 » = 24.5 à 0,01 près
[resource.labels]
employee_id = "Salarié"
contract_no = "N° de contrat"
contract_type = "Type de contrat"
start_on = "Début"
end_on = "Fin"
part_time = "Temps partiel"
weekly_hours = "Horaire hebdomadaire"

# ---------------------------------------------------------------------------------------------
[[resource]]
name = "visit"
label = "Visites (historique)"
source = "visites.csv"
migrated = "visit.json"          # une ligne JSON par visite
key = ["source_id"]
pii = []
[resource.columns]
source_id = "num_visite"
employee_id = "num_salarie"
visit_on = { from = "date_visite", date = "%d/%m/%Y" }
visit_type = { from = "type_visite", map = { VIP = "information_prevention", VIPP = "periodic_information_prevention", SIR = "reinforced_monitoring", REP = "return_to_work", PRE = "pre_return_to_work", DEM = "on_request" } }
doctor = "medecin"
conclusion = "conclusion"
[resource.labels]
source_id = "N° de visite"
employee_id = "Salarié"
visit_on = "Date de visite"
visit_type = "Type de visite"
doctor = "Médecin"
conclusion = "Conclusion"

# ---------------------------------------------------------------------------------------------
[[resource]]
name = "measure_request"
label = "Examens complémentaires en attente"
source = "examens.csv"
migrated = "measure_request.parquet"
key = ["source_id"]
pii = []
[resource.derive]                # colonnes calculées côté source (SQL DuckDB sur les colonnes source)
prescribed_on = "try_strptime(date_prescription, '%d/%m/%Y')::DATE"
planned_on = "try_strptime(date_prevue, '%d/%m/%Y')::DATE"
# Le statut n'existe dans aucune colonne : il se déduit en cascade, de façon exclusive.
status = """CASE WHEN refus = '1' THEN 'Refusé' WHEN demande = '0' THEN 'Non demandé'
  WHEN prescribed_on IS NOT NULL THEN 'Prescrit' WHEN planned_on IS NOT NULL THEN 'Prévu'
  WHEN date_annulation IS NOT NULL THEN 'Annulé' END"""
[resource.rules]
# Seuls les examens Prévu ou Prescrit sont repris, et pas ceux prescrits avant le 31/10/2022 (clos).
keep_if = "status IN ('Prévu', 'Prescrit') AND (prescribed_on IS NULL OR prescribed_on >= DATE '2022-10-31')"
[resource.columns]
source_id = "num_examen"
employee_id = "num_salarie"
exam_type = { from = "type", map = { BIO = "biology", RX = "imaging", AUD = "audiometry", EFR = "spirometry", OPH = "ophthalmology" } }
planned_on = { from = "date_prevue", date = "%d/%m/%Y" }
prescribed_on = { from = "date_prescription", date = "%d/%m/%Y" }
status = { from = "status", map = { "Prévu" = "planned", "Prescrit" = "prescribed" } }
result_value = { from = "valeur", decimal_comma = true, tolerance = 0.01 }
comment = { expr = "trim(commentaire)", compare = ["trim", "ignore_case"] }   # options : trim, ignore_case, ignore_accents
[resource.labels]
source_id = "N° d'examen"
employee_id = "Salarié"
exam_type = "Type d'examen"
planned_on = "Date prévue"
prescribed_on = "Date de prescription"
status = "Statut"
result_value = "Résultat"
comment = "Commentaire"
"#;
