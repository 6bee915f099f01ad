#!/usr/bin/env python3
"""Makes the benchmark campaigns that `recette demo` does not: a UTF-8 `;` legacy export and
wide tables. Each comes with its `campaign.toml` and a `peer.json` that tells the peer script
(`bench/peer.py`) the same mapping in plain terms.

Usage:
  gen.py legacy DIR ROWS    15 columns: key + 14 compared (two dd/mm/yyyy dates, a value map,
                            a decimal comma), 2% of rows differing, 0.5% missing/unexpected
  gen.py wide DIR COLS ROWS key + COLS compared text columns, 2% of cells differing

Deterministic (seeded), so two runs measure the same files.
"""
import json
import os
import random
import sys

STATUS = {"A": "active", "S": "suspended", "R": "retired", "X": "closed"}
TOWNS = ["Moulins", "Vichy", "Montluçon", "Yzeure", "Cusset", "Gannat", "Commentry", "Saint-Pourçain-sur-Sioule"]
NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Grégoire", "Traoré", "Müller"]
FIRST = ["Marie", "Jean", "Hélène", "Pierre", "Léa", "Louis", "Chloé", "Hugo", "Inès", "Noé", "Zoé", "Jules"]


def write_campaign(out, key, columns, source_delim, source_name, migrated_name):
    lines = [
        'name = "bench"',
        "",
        "[source]",
        'dir = "source"',
        f'delimiter = "{source_delim}"',
        'encoding = "utf-8"',
        "",
        "[[delivery]]",
        'id = "L1"',
        'dir = "deliveries/L1"',
        "",
        "[[resource]]",
        'name = "employee"',
        f'source = "{source_name}"',
        f'migrated = "{migrated_name}"',
        f'key = ["{key}"]',
        "[resource.columns]",
    ]
    lines.extend(columns)
    with open(os.path.join(out, "campaign.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def folders(out):
    os.makedirs(os.path.join(out, "source"), exist_ok=True)
    os.makedirs(os.path.join(out, "deliveries", "L1"), exist_ok=True)


def legacy(out, rows):
    rng = random.Random(12)
    folders(out)
    src_cols = ["matricule", "nom", "prenom", "naissance", "entree", "statut", "ville", "code_postal",
                "salaire", "email", "telephone", "service", "poste", "badge", "commentaire"]
    mig_cols = ["id", "last_name", "first_name", "birth_date", "hired_on", "status", "city", "postal_code",
                "salary", "email", "phone", "department", "job_title", "badge", "note"]
    with open(os.path.join(out, "source", "export.csv"), "w", encoding="utf-8", newline="") as s, \
            open(os.path.join(out, "deliveries", "L1", "employee.csv"), "w", encoding="utf-8", newline="") as m:
        s.write(";".join(src_cols) + "\n")
        m.write(",".join(mig_cols) + "\n")
        for n in range(rows):
            d1 = (rng.randrange(1, 29), rng.randrange(1, 13), rng.randrange(1950, 2005))
            d2 = (rng.randrange(1, 29), rng.randrange(1, 13), rng.randrange(1990, 2026))
            code = rng.choice("ASRX")
            salary = rng.randrange(150000, 900000)
            src = [f"M{n:08d}", rng.choice(NAMES), rng.choice(FIRST), "%02d/%02d/%04d" % d1, "%02d/%02d/%04d" % d2,
                   code, rng.choice(TOWNS), f"03{rng.randrange(0, 1000):03d}", f"{salary // 100},{salary % 100:02d}",
                   f"p{n}@exemple.fr", f"04{rng.randrange(10**7, 10**8)}", f"S{rng.randrange(1, 40)}",
                   f"poste {rng.randrange(1, 200)}", str(rng.randrange(10**5, 10**6)), "RAS" if n % 3 else ""]
            mig = [src[0], src[1], src[2], "%04d-%02d-%02d" % (d1[2], d1[1], d1[0]), "%04d-%02d-%02d" % (d2[2], d2[1], d2[0]),
                   STATUS[code], src[6], src[7], f"{salary // 100}.{salary % 100:02d}", src[9], src[10], src[11], src[12],
                   src[13], src[14]]
            roll = rng.random()
            if roll < 0.005:
                mig = None  # missing
            elif roll < 0.025:
                col = rng.randrange(1, 15)
                mig[col] = (mig[col] or "") + "x"
            s.write(";".join(src) + "\n")
            if mig is not None:
                m.write(",".join(quote(v) for v in mig) + "\n")
            if roll > 0.995:
                m.write(",".join(quote(v) for v in [f"U{n:08d}"] + mig[1:]) + "\n")
    columns = [
        'id = "matricule"', 'last_name = "nom"', 'first_name = "prenom"',
        'birth_date = { from = "naissance", date = "%d/%m/%Y" }',
        'hired_on = { from = "entree", date = "%d/%m/%Y" }',
        'status = { from = "statut", map = { A = "active", S = "suspended", R = "retired", X = "closed" } }',
        'city = "ville"', 'postal_code = "code_postal"',
        'salary = { from = "salaire", decimal_comma = true }',
        'email = "email"', 'phone = "telephone"', 'department = "service"', 'job_title = "poste"',
        'badge = "badge"', 'note = "commentaire"',
    ]
    write_campaign(out, "id", columns, ";", "export.csv", "employee.csv")
    peer = {
        "source": "source/export.csv", "source_delim": ";", "source_encoding": "utf-8",
        "migrated": "deliveries/L1/employee.csv", "migrated_delim": ",",
        "key": ["id"],
        "columns": {
            "id": {"from": "matricule"}, "last_name": {"from": "nom"}, "first_name": {"from": "prenom"},
            "birth_date": {"from": "naissance", "date": "%d/%m/%Y"},
            "hired_on": {"from": "entree", "date": "%d/%m/%Y"},
            "status": {"from": "statut", "map": STATUS},
            "city": {"from": "ville"}, "postal_code": {"from": "code_postal"},
            "salary": {"from": "salaire", "decimal_comma": True},
            "email": {"from": "email"}, "phone": {"from": "telephone"}, "department": {"from": "service"},
            "job_title": {"from": "poste"}, "badge": {"from": "badge"}, "note": {"from": "commentaire"},
        },
    }
    with open(os.path.join(out, "peer.json"), "w", encoding="utf-8") as f:
        json.dump(peer, f, ensure_ascii=False, indent=1)


def quote(v):
    return '"' + v.replace('"', '""') + '"' if ("," in v or '"' in v) else v


def wide(out, cols, rows):
    rng = random.Random(7)
    folders(out)
    names = [f"c{j:04d}" for j in range(cols)]
    with open(os.path.join(out, "source", "wide.csv"), "w", encoding="utf-8", newline="") as s, \
            open(os.path.join(out, "deliveries", "L1", "wide.csv"), "w", encoding="utf-8", newline="") as m:
        s.write(";".join(["id"] + [f"s{n}" for n in names]) + "\n")
        m.write(",".join(["id"] + names) + "\n")
        for n in range(rows):
            values = [f"v{rng.randrange(1000)}" for _ in range(cols)]
            s.write(";".join([str(n)] + values) + "\n")
            for j in range(cols):
                if rng.random() < 0.02:
                    values[j] += "x"
            m.write(",".join([str(n)] + values) + "\n")
    columns = ['id = "id"'] + [f'{c} = "s{c}"' for c in names]
    write_campaign(out, "id", columns, ";", "wide.csv", "wide.csv")
    peer = {
        "source": "source/wide.csv", "source_delim": ";", "source_encoding": "utf-8",
        "migrated": "deliveries/L1/wide.csv", "migrated_delim": ",", "key": ["id"],
        "columns": {"id": {"from": "id"}, **{c: {"from": f"s{c}"} for c in names}},
    }
    with open(os.path.join(out, "peer.json"), "w", encoding="utf-8") as f:
        json.dump(peer, f, indent=1)


def main():
    kind, out = sys.argv[1], sys.argv[2]
    if kind == "legacy":
        legacy(out, int(sys.argv[3]))
    elif kind == "wide":
        wide(out, int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(f"unknown kind {kind}: legacy or wide")


if __name__ == "__main__":
    main()
