#!/usr/bin/env python3
"""Writes the `claims` demo source: deterministic NDJSON healthcare claims.

Usage: python3 datasets/samples/make_claims.py [ROWS] [OUT]   (defaults: 600, datasets/samples/claims.ndjson)

Each record: claim_id, patient_id, provider_id, region, amount, service_date,
submitted_date, service_month (YYYY-MM, for monthly Gold tables), risk_score and high_risk
(1 when risk_score >= 0.8), diagnosis_codes (nested array), plan (nested object). A few records are
deliberately invalid (missing ids, negative amounts, malformed dates) so Silver's
expectations have something to catch.
"""
import datetime
import json
import random
import sys

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 600
OUT = sys.argv[2] if len(sys.argv) > 2 else "datasets/samples/claims.ndjson"

rng = random.Random(20261124)
risk_rng = random.Random(20261129)  # separate stream: the other fields stay as they were
REGIONS = ["northeast", "southeast", "midwest", "southwest", "west"]
ICD10 = ["E11.9", "I10", "J45.909", "M54.5", "F32.9", "K21.9", "N39.0", "R51.9", "Z00.00", "E78.5"]
PLANS = [("PPO", "Acme Health"), ("HMO", "Blue Ridge"), ("EPO", "Cedar Mutual"), ("MEDICARE", "CMS")]
start = datetime.date(2025, 1, 1)

with open(OUT, "w", encoding="utf-8", newline="\n") as out:
    for i in range(1, ROWS + 1):
        service = start + datetime.timedelta(days=rng.randrange(0, 540))
        submitted = service + datetime.timedelta(days=rng.randrange(0, 45))
        plan_type, payer = rng.choice(PLANS)
        record = {
            "claim_id": f"CLM-{i:07d}",
            "patient_id": f"PAT-{rng.randrange(1, 250):05d}",
            "provider_id": f"PRV-{rng.randrange(1, 40):04d}",
            "region": rng.choice(REGIONS),
            "amount": round(rng.uniform(15, 4800), 2),
            "service_date": service.isoformat(),
            "submitted_date": submitted.isoformat(),
            "service_month": service.strftime("%Y-%m"),
            "diagnosis_codes": rng.sample(ICD10, rng.randrange(1, 4)),
            "plan": {"type": plan_type, "payer": payer},
        }
        risk = round(risk_rng.random(), 3)
        record["risk_score"] = risk
        record["high_risk"] = 1 if risk >= 0.8 else 0
        if i % 97 == 0:
            del record["claim_id"]                     # missing id
        elif i % 89 == 0:
            record["patient_id"] = None                # null id
        elif i % 83 == 0:
            record["amount"] = -record["amount"]       # negative amount
        elif i % 79 == 0:
            record["service_date"] = service.strftime("%d/%m/%Y")  # malformed date
        elif i % 73 == 0:
            record["submitted_date"] = "not-a-date"
        if i % 50 == 0:
            record["notes"] = "résumé: follow-up ✓"     # sparse column, non-ASCII text
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
