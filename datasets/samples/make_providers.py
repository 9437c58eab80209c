#!/usr/bin/env python3
"""Writes the `providers` demo source: the providers the `claims` demo refers to (CSV).

Usage: python3 datasets/samples/make_providers.py [OUT]   (default: datasets/samples/providers.csv)

Providers PRV-0001 … PRV-0042 (claims use 0001–0039, so three have no claims), each with a
name, a specialty and the region of its practice.
"""
import csv
import random
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "datasets/samples/providers.csv"
rng = random.Random(20261129)
SPECIALTIES = ["cardiology", "dermatology", "family medicine", "neurology", "oncology", "orthopedics", "pediatrics"]
REGIONS = ["northeast", "southeast", "midwest", "southwest", "west"]
SURNAMES = ["Alvarez", "Brooks", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ivanova", "Jensen"]

with open(OUT, "w", encoding="utf-8", newline="") as out:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Provider ID", "Provider Name", "Specialty", "Region"])
    for i in range(1, 43):
        writer.writerow([f"PRV-{i:04d}", f"Dr. {rng.choice(SURNAMES)} #{i}", rng.choice(SPECIALTIES), rng.choice(REGIONS)])
