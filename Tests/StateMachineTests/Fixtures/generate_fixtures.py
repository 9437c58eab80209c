#!/usr/bin/env python3
"""Generates fixtures.json: Task-free ASL definitions run by the ASL interpreter embedded in moto.

Run once with the test venv (`.venv/bin/python Tests/StateMachineTests/Fixtures/generate_fixtures.py`)
and commit the output. Each case records the definition, the input and moto's result (output, or
error and cause). Cases where moto departs from the Amazon States Language specification are
listed in EXCLUDED with the reason; they are dropped from the fixtures (see README.md here).
"""
import json
import os
import sys
import time

import boto3
from moto import mock_aws

HERE = os.path.dirname(os.path.abspath(__file__))
ROLE = "arn:aws:iam::123456789012:role/medallion-fixtures"

# name -> why moto's answer is not the specification's.
EXCLUDED = {
    "pass_context_retry_count": "moto's context object has no $$.State.RetryCount; the service always sets it (0 outside retries)",
    "jsonpath_bracket_double_quote": "moto's JSONPath lexer rejects double-quoted bracket names, which JSONPath allows",
    "jsonpath_index": "moto returns a definite path with an index ($.a[1].b) as a one-element list; Jayway/AWS return the value",
    "jsonpath_index_last": "same as jsonpath_index",
    "intrinsic_format_number_bool": "moto's intrinsic grammar has no null literal; the spec allows null arguments",
    "intrinsic_format_escapes": "moto fails on \\{ \\} and \\' escapes that the spec defines",
    "intrinsic_array": "moto drops null arguments from States.Array",
    "intrinsic_error_array_get_item_out_of_range": "moto reports States.Runtime; the spec names intrinsic failures States.IntrinsicFailure",
    "intrinsic_error_string_to_json_invalid": "States.Runtime instead of the spec's States.IntrinsicFailure",
    "intrinsic_error_math_add_not_number": "States.Runtime instead of the spec's States.IntrinsicFailure",
    "intrinsic_error_hash_unknown_algorithm": "States.Runtime instead of the spec's States.IntrinsicFailure",
    "intrinsic_error_array_partition_zero": "States.Runtime instead of the spec's States.IntrinsicFailure",
    "choice_17_TimestampEquals": "moto ignores the UTC offset; RFC 3339 instants 13:00+01:00 and 12:00Z are equal",
    "choice_19_TimestampGreaterThan": "moto mis-parses fractional seconds (2025-01-01T00:00:00.500Z)",
    "choice_path_04_TimestampLessThanPath": "moto crashes on a fractional-second timestamp",
    "choice_path_07_TimestampEqualsPath": "moto ignores the UTC offset (see choice_17)",
    "choice_string_matches_escaped_star": "moto treats \\* as a wildcard; the spec makes it a literal asterisk",
    "choice_missing_variable": "moto treats a missing Variable as no match; AWS fails with States.Runtime",
    "map_items_not_array": "moto reports the JSONata-era States.QueryEvaluationError; a JSONPath Map fails with States.Runtime",
    "resultpath_into_string": "moto reports States.Runtime; the spec's error is States.ResultPathMatchFailure",
    "choice_no_match_no_default": "moto reports States.Runtime; the spec's error is States.NoChoiceMatched",
    "choice_no_match_runtime_error_catchless": "moto reports States.Runtime; the spec's error is States.NoChoiceMatched",
    "choice_path_operand_wrong_type": "moto reads a …Path operand of the wrong type as no match; AWS fails the execution with States.Runtime",
    "choice_string_path_operand_number": "same as choice_path_operand_wrong_type",
}

CASES = []


def case(name, definition, input_value=None):
    CASES.append({"name": name, "definition": definition, "input": {} if input_value is None else input_value})


def machine(states, start=None):
    return {"StartAt": start or next(iter(states)), "States": states}


def pass_params(params, input_value, name, **extra):
    state = {"Type": "Pass", "Parameters": params, "End": True}
    state.update(extra)
    case(name, machine({"P": state}), input_value)


def yes_no(rule, input_value, name, default=True):
    """A Choice whose outcome is {"r": "yes"} or {"r": "no"} (moto prints bare string outputs unquoted)."""
    choice = {"Type": "Choice", "Choices": [dict(rule, Next="Yes")]}
    states = {"C": choice, "Yes": {"Type": "Pass", "Result": {"r": "yes"}, "End": True}}
    if default:
        choice["Default"] = "No"
        states["No"] = {"Type": "Pass", "Result": {"r": "no"}, "End": True}
    case(name, machine(states), input_value)


DOC = {
    "store": {
        "book": [
            {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
            {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99},
            {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553", "price": 8.99},
            {"category": "fiction", "author": "J. R. R. Tolkien", "title": "LOTR", "isbn": "0-395", "price": 22.99},
        ],
        "bicycle": {"color": "red", "price": 19.95},
    },
    "a b": {"c-d": 1},
    "n": 5, "s": "text", "t": True, "z": None, "arr": [1, 2, 3, 4, 5, 6],
}

# ---- Pass state and I/O processing -------------------------------------------------------
case("pass_identity", machine({"P": {"Type": "Pass", "End": True}}), {"a": 1, "b": [1, 2]})
case("pass_result", machine({"P": {"Type": "Pass", "Result": {"x": 1}, "End": True}}), {"a": 1})
case("pass_result_scalar", machine({"P": {"Type": "Pass", "Result": 42, "End": True}}), {"a": 1})
case("pass_resultpath_member", machine({"P": {"Type": "Pass", "Result": "r", "ResultPath": "$.out", "End": True}}), {"a": 1})
case("pass_resultpath_nested_create", machine({"P": {"Type": "Pass", "Result": [1], "ResultPath": "$.a.b.c", "End": True}}), {"x": 1})
case("pass_resultpath_overwrite", machine({"P": {"Type": "Pass", "Result": 2, "ResultPath": "$.a", "End": True}}), {"a": 1, "b": 2})
case("pass_resultpath_null", machine({"P": {"Type": "Pass", "Result": 2, "ResultPath": None, "End": True}}), {"a": 1})
case("pass_resultpath_root", machine({"P": {"Type": "Pass", "Result": {"k": 1}, "ResultPath": "$", "End": True}}), {"a": 1})
case("pass_resultpath_into_existing_object", machine({"P": {"Type": "Pass", "Result": 3, "ResultPath": "$.a.c", "End": True}}), {"a": {"b": 1}})
case("pass_resultpath_bracket", machine({"P": {"Type": "Pass", "Result": 3, "ResultPath": "$['x y']", "End": True}}), {"a": 1})
case("pass_inputpath", machine({"P": {"Type": "Pass", "InputPath": "$.a", "End": True}}), {"a": {"b": 1}})
case("pass_inputpath_null", machine({"P": {"Type": "Pass", "InputPath": None, "End": True}}), {"a": 1})
case("pass_inputpath_missing", machine({"P": {"Type": "Pass", "InputPath": "$.nope", "End": True}}), {"a": 1})
case("pass_outputpath", machine({"P": {"Type": "Pass", "OutputPath": "$.a.b", "End": True}}), {"a": {"b": [1, 2]}})
case("pass_outputpath_null", machine({"P": {"Type": "Pass", "OutputPath": None, "End": True}}), {"a": 1})
case("pass_outputpath_missing", machine({"P": {"Type": "Pass", "OutputPath": "$.nope", "End": True}}), {"a": 1})
case("pass_input_result_output", machine({"P": {"Type": "Pass", "InputPath": "$.in", "Result": {"r": 1},
                                                 "ResultPath": "$.in2", "OutputPath": "$.in2", "End": True}}), {"in": {"v": 1}})
case("pass_parameters_static", machine({"P": {"Type": "Pass", "Parameters": {"a": 1, "b": {"c": [1, "x"]}}, "End": True}}), {"q": 1})
case("pass_parameters_nested_dynamic", machine({"P": {"Type": "Pass", "Parameters": {"o": {"v.$": "$.a", "w": 2}}, "End": True}}), {"a": 7})
case("pass_parameters_then_resultpath", machine({"P": {"Type": "Pass", "Parameters": {"v.$": "$.a"}, "ResultPath": "$.p", "End": True}}), {"a": 7})
case("pass_parameters_inputpath", machine({"P": {"Type": "Pass", "InputPath": "$.a", "Parameters": {"v.$": "$.b"}, "End": True}}), {"a": {"b": 3}})
case("pass_parameters_missing_path", machine({"P": {"Type": "Pass", "Parameters": {"v.$": "$.missing"}, "End": True}}), {"a": 1})
case("pass_parameters_array_of_templates", machine({"P": {"Type": "Pass", "Parameters": {
    "list": [{"a.$": "$.x"}, 1, "$.x", [{"deep.$": "$.y"}]]}, "End": True}}), {"x": 5, "y": [1]})
case("pass_parameters_array_literal_dollar", machine({"P": {"Type": "Pass", "Parameters": {"l": ["$.x", {"k": "v"}]}, "End": True}}), {"x": 5})
case("pass_result_big_numbers", machine({"P": {"Type": "Pass", "Result": {"big": 1e300, "f": 0.1, "i": 10 ** 22, "neg": -0.0}, "End": True}}), {})
case("pass_parameters_root", machine({"P": {"Type": "Pass", "Parameters": {"all.$": "$"}, "End": True}}), {"a": 1})
case("pass_context_state_name", machine({"Step One": {"Type": "Pass", "Parameters": {"n.$": "$$.State.Name"}, "End": True}}), {})
case("pass_context_execution_input", machine({"P": {"Type": "Pass", "Parameters": {"i.$": "$$.Execution.Input"}, "Next": "Q"},
                                              "Q": {"Type": "Pass", "Parameters": {"i.$": "$$.Execution.Input.k"}, "End": True}}), {"k": [1, 2]})
case("pass_context_retry_count", machine({"P": {"Type": "Pass", "Parameters": {"n.$": "$$.State.RetryCount"}, "End": True}}), {})
case("pass_chain", machine({"A": {"Type": "Pass", "Result": 1, "ResultPath": "$.a", "Next": "B"},
                            "B": {"Type": "Pass", "Result": 2, "ResultPath": "$.b", "Next": "C"},
                            "C": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, $.b)"}, "End": True}}), {})
case("pass_unicode", machine({"P": {"Type": "Pass", "Result": {"é": "ü€😀", "q": "a\"b\\c\n"}, "End": True}}), {})
case("pass_numbers", machine({"P": {"Type": "Pass", "End": True}}), {"i": 3, "f": 1.5, "neg": -7, "big": 123456789012, "e": 1e-5})
case("succeed_state", machine({"S": {"Type": "Succeed", "OutputPath": "$.a"}}), {"a": {"b": 1}})
case("succeed_inputpath", machine({"S": {"Type": "Succeed", "InputPath": "$.a"}}), {"a": [3]})

# ---- JSONPath -----------------------------------------------------------------------------
paths = {
    "dot": "$.store.bicycle.color",
    "bracket": "$['store']['bicycle']['price']",
    "bracket_double_quote": "$[\"store\"][\"bicycle\"]",
    "bracket_space_key": "$['a b']['c-d']",
    "index": "$.store.book[1].title",
    "index_last": "$.store.book[-1].title",
    "wildcard_array": "$.store.book[*].author",
    "wildcard_object": "$.store.bicycle.*",
    "slice": "$.arr[1:3]",
    "slice_open_end": "$.arr[3:]",
    "slice_open_start": "$.arr[:2]",
    "slice_step": "$.arr[0:6:2]",
    "slice_negative": "$.arr[-2:]",
    "index_list": "$.arr[0,2,4]",
    "filter_lt": "$.store.book[?(@.price < 10)].title",
    "filter_eq_string": "$.store.book[?(@.category == 'reference')].author",
    "filter_exists": "$.store.book[?(@.isbn)].isbn",
    "filter_and": "$.store.book[?(@.price > 8.96 && @.category == 'fiction')].title",
    "deep_scan": "$..price",
    "deep_scan_author": "$..author",
    "number": "$.n",
    "boolean": "$.t",
    "null": "$.z",
    "whole_array": "$.arr",
}
for name, p in paths.items():
    pass_params({"v.$": p}, DOC, f"jsonpath_{name}")
case("jsonpath_inputpath_wildcard", machine({"P": {"Type": "Pass", "InputPath": "$.arr[*]", "End": True}}), DOC)

# ---- Intrinsic functions ------------------------------------------------------------------
INTR_IN = {"s": "a,b,,c", "n": 4, "arr": [1, 2, 2, 3, 1], "o": {"a": 1, "b": {"c": 2}}, "o2": {"b": {"d": 3}, "e": 4},
           "json": "{\"k\":[1,2]}", "name": "World", "b64": "aGVsbG8=", "t": True}
intrinsics = {
    "format_string": "States.Format('Hello, {}!', $.name)",
    "format_number_bool": "States.Format('{} {} {}', $.n, $.t, null)",
    "format_escapes": "States.Format('a \\{\\} {} \\'q\\'', $.name)",
    "format_array_object": "States.Format('{} and {}', $.arr, $.o)",
    "format_no_args": "States.Format('plain')",
    "string_to_json": "States.StringToJson($.json)",
    "string_to_json_literal": "States.StringToJson('{\"x\": 1}')",
    "json_to_string": "States.JsonToString($.o)",
    "array": "States.Array($.n, 'x', true, null, $.o)",
    "array_empty_nested": "States.Array(States.Array(1, 2), States.Array())",
    "array_partition": "States.ArrayPartition($.arr, 2)",
    "array_partition_exact": "States.ArrayPartition(States.Array(1,2,3,4), 2)",
    "array_contains_true": "States.ArrayContains($.arr, 3)",
    "array_contains_false": "States.ArrayContains($.arr, 9)",
    "array_range": "States.ArrayRange(1, 9, 2)",
    "array_range_single": "States.ArrayRange(5, 5, 1)",
    "array_get_item": "States.ArrayGetItem($.arr, 3)",
    "array_length": "States.ArrayLength($.arr)",
    "array_unique": "States.ArrayUnique($.arr)",
    "base64_encode": "States.Base64Encode('hello world')",
    "base64_decode": "States.Base64Decode($.b64)",
    "hash_md5": "States.Hash('input', 'MD5')",
    "hash_sha1": "States.Hash('input', 'SHA-1')",
    "hash_sha256": "States.Hash($.name, 'SHA-256')",
    "hash_sha384": "States.Hash('input', 'SHA-384')",
    "hash_sha512": "States.Hash('input', 'SHA-512')",
    "json_merge": "States.JsonMerge($.o, $.o2, false)",
    "math_add": "States.MathAdd($.n, -10)",
    "math_add_literals": "States.MathAdd(1, 2)",
    "string_split": "States.StringSplit($.s, ',')",
    "string_split_multi": "States.StringSplit('This.is+a,test=string', '.+,=')",
    "nested_calls": "States.ArrayLength(States.StringSplit(States.Format('{}-{}', $.name, $.n), '-'))",
    "uuid_shape": "States.ArrayLength(States.StringSplit(States.UUID(), '-'))",
    "math_random_bounds": "States.ArrayContains(States.ArrayRange(1, 10, 1), States.MathRandom(1, 10))",
    "hash_of_format": "States.Hash(States.Format('{}{}', $.name, $.n), 'SHA-256')",
    "context_in_intrinsic": "States.Format('state={}', $$.State.Name)",
}
for name, expr in intrinsics.items():
    pass_params({"v.$": expr}, INTR_IN, f"intrinsic_{name}")
intrinsic_errors = {
    "array_get_item_out_of_range": "States.ArrayGetItem($.arr, 10)",
    "string_to_json_invalid": "States.StringToJson('{nope')",
    "math_add_not_number": "States.MathAdd($.name, 1)",
    "hash_unknown_algorithm": "States.Hash('x', 'SHA-999')",
    "array_partition_zero": "States.ArrayPartition($.arr, 0)",
    "format_missing_path": "States.Format('{}', $.missing)",
}
for name, expr in intrinsic_errors.items():
    pass_params({"v.$": expr}, INTR_IN, f"intrinsic_error_{name}")

# ---- Choice -------------------------------------------------------------------------------
CH = {"s": "abc", "n": 5, "f": 2.5, "b": True, "z": None, "ts": "2024-03-01T12:00:00Z",
      "ts2": "2024-03-01T13:00:00+01:00", "ts3": "2025-01-01T00:00:00.500Z", "o": {"k": 1}, "arr": [1], "other": 5, "os": "abd"}
comparisons = [
    ("StringEquals", "$.s", "abc"), ("StringEquals", "$.s", "abd"), ("StringLessThan", "$.s", "abd"),
    ("StringGreaterThan", "$.s", "abd"), ("StringLessThanEquals", "$.s", "abc"), ("StringGreaterThanEquals", "$.s", "abb"),
    ("StringEquals", "$.n", "5"),
    ("NumericEquals", "$.n", 5), ("NumericEquals", "$.n", 5.0), ("NumericLessThan", "$.f", 3), ("NumericGreaterThan", "$.f", 3),
    ("NumericLessThanEquals", "$.n", 5), ("NumericGreaterThanEquals", "$.n", 6), ("NumericEquals", "$.s", 5),
    ("BooleanEquals", "$.b", True), ("BooleanEquals", "$.b", False),
    ("TimestampEquals", "$.ts", "2024-03-01T12:00:00Z"), ("TimestampEquals", "$.ts2", "2024-03-01T12:00:00Z"),
    ("TimestampLessThan", "$.ts", "2024-03-01T12:00:01Z"), ("TimestampGreaterThan", "$.ts3", "2024-12-31T23:59:59Z"),
    ("TimestampLessThanEquals", "$.ts", "2024-03-01T12:00:00Z"), ("TimestampGreaterThanEquals", "$.ts", "2025-01-01T00:00:00Z"),
    ("IsNull", "$.z", True), ("IsNull", "$.s", True), ("IsPresent", "$.missing", False), ("IsPresent", "$.s", True),
    ("IsNumeric", "$.f", True), ("IsNumeric", "$.s", True), ("IsString", "$.s", True), ("IsString", "$.n", False),
    ("IsBoolean", "$.b", True), ("IsTimestamp", "$.ts", True), ("IsTimestamp", "$.s", True),
    ("StringMatches", "$.s", "a*"), ("StringMatches", "$.s", "*c"), ("StringMatches", "$.s", "a*d"),
    ("StringMatches", "$.s", "abc"), ("StringMatches", "$.s", "*"),
]
for i, (op, var, val) in enumerate(comparisons):
    yes_no({"Variable": var, op: val}, CH, f"choice_{i:02d}_{op}")
yes_no({"Variable": "$.lit", "StringMatches": "log-\\*.txt"}, {"lit": "log-*.txt"}, "choice_string_matches_escaped_star")
yes_no({"Variable": "$.lit", "StringMatches": "log-\\*.txt"}, {"lit": "log-1.txt"}, "choice_string_matches_escaped_star_no")
path_comparisons = [
    ("NumericEqualsPath", "$.n", "$.other"), ("NumericLessThanPath", "$.f", "$.n"), ("StringEqualsPath", "$.s", "$.os"),
    ("StringLessThanPath", "$.s", "$.os"), ("TimestampLessThanPath", "$.ts", "$.ts3"), ("BooleanEqualsPath", "$.b", "$.b"),
    ("NumericGreaterThanEqualsPath", "$.n", "$.other"), ("TimestampEqualsPath", "$.ts", "$.ts2"),
]
for i, (op, var, p) in enumerate(path_comparisons):
    yes_no({"Variable": var, op: p}, CH, f"choice_path_{i:02d}_{op}")
yes_no({"And": [{"Variable": "$.n", "NumericGreaterThan": 1}, {"Variable": "$.s", "StringEquals": "abc"}]}, CH, "choice_and_true")
yes_no({"And": [{"Variable": "$.n", "NumericGreaterThan": 1}, {"Variable": "$.s", "StringEquals": "x"}]}, CH, "choice_and_false")
yes_no({"Or": [{"Variable": "$.n", "NumericLessThan": 1}, {"Variable": "$.s", "StringEquals": "abc"}]}, CH, "choice_or_true")
yes_no({"Not": {"Variable": "$.n", "NumericEquals": 5}}, CH, "choice_not")
yes_no({"And": [{"Not": {"Variable": "$.z", "IsNull": False}}, {"Or": [{"Variable": "$.b", "BooleanEquals": False},
                                                                        {"Variable": "$.f", "NumericEquals": 2.5}]}]}, CH, "choice_nested_logic")
yes_no({"Variable": "$.n", "NumericEquals": 9}, CH, "choice_no_match_no_default", default=False)
yes_no({"Variable": "$.missing", "NumericEquals": 9}, CH, "choice_missing_variable")
yes_no({"Variable": "$.o.k", "NumericEquals": 1}, CH, "choice_nested_variable")
yes_no({"Variable": "$.arr[0]", "NumericEquals": 1}, CH, "choice_indexed_variable")
case("choice_first_match_wins", machine({
    "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 1, "Next": "A"},
                                        {"Variable": "$.n", "NumericGreaterThan": 2, "Next": "B"}]},
    "A": {"Type": "Pass", "Result": ["A"], "End": True}, "B": {"Type": "Pass", "Result": ["B"], "End": True}}), CH)
case("choice_inputpath_outputpath", machine({
    "C": {"Type": "Choice", "InputPath": "$.o", "OutputPath": "$.k",
          "Choices": [{"Variable": "$.k", "NumericEquals": 1, "Next": "E"}]},
    "E": {"Type": "Succeed"}}), CH)
case("choice_loop", machine({
    "Init": {"Type": "Pass", "Result": 0, "ResultPath": "$.i", "Next": "Inc"},
    "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
    "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 5, "Next": "Inc"}], "Default": "Done"},
    "Done": {"Type": "Succeed"}}), {})

# ---- Wait ---------------------------------------------------------------------------------
case("wait_seconds_zero", machine({"W": {"Type": "Wait", "Seconds": 0, "Next": "E"}, "E": {"Type": "Succeed"}}), {"a": 1})
case("wait_seconds_path", machine({"W": {"Type": "Wait", "SecondsPath": "$.w", "End": True}}), {"w": 0})
case("wait_timestamp_past", machine({"W": {"Type": "Wait", "Timestamp": "2020-01-01T00:00:00Z", "End": True}}), {"a": 1})
case("wait_timestamp_path_past", machine({"W": {"Type": "Wait", "TimestampPath": "$.t", "End": True}}), {"t": "2020-01-01T00:00:00Z"})
case("wait_io", machine({"W": {"Type": "Wait", "Seconds": 0, "InputPath": "$.a", "OutputPath": "$.b", "End": True}}), {"a": {"b": 2}})

# ---- Fail ---------------------------------------------------------------------------------
case("fail_error_cause", machine({"F": {"Type": "Fail", "Error": "MyError", "Cause": "it broke"}}), {})
case("fail_error_only", machine({"F": {"Type": "Fail", "Error": "Only"}}), {})
case("fail_cause_only", machine({"F": {"Type": "Fail", "Cause": "no name"}}), {})
case("fail_bare", machine({"F": {"Type": "Fail"}}), {})
case("fail_bare_caught_by_all", machine({"P": {"Type": "Parallel", "End": True, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "S"}],
    "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Fail"}}}]}, "S": {"Type": "Succeed"}}), {})
case("choice_path_operand_wrong_type", machine({"C": {"Type": "Choice", "Choices": [
    {"Variable": "$.a", "NumericEqualsPath": "$.b", "Next": "Y"}], "Default": "N"}, "Y": {"Type": "Pass", "Result": {"r": "yes"}, "End": True},
    "N": {"Type": "Pass", "Result": {"r": "no"}, "End": True}}), {"a": 1, "b": "1"})
case("choice_variable_wrong_type", machine({"C": {"Type": "Choice", "Choices": [
    {"Variable": "$.a", "NumericEquals": 1, "Next": "Y"}], "Default": "N"}, "Y": {"Type": "Pass", "Result": {"r": "yes"}, "End": True},
    "N": {"Type": "Pass", "Result": {"r": "no"}, "End": True}}), {"a": "1"})
case("choice_string_path_operand_number", machine({"C": {"Type": "Choice", "Choices": [
    {"Variable": "$.a", "StringEqualsPath": "$.b", "Next": "Y"}], "Default": "N"}, "Y": {"Type": "Pass", "Result": {"r": "yes"}, "End": True},
    "N": {"Type": "Pass", "Result": {"r": "no"}, "End": True}}), {"a": "x", "b": 5})
case("fail_paths", machine({"F": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "$.c"}}), {"e": "Dyn", "c": "dynamic cause"})
case("fail_error_path_intrinsic_input", machine({
    "P": {"Type": "Pass", "Parameters": {"e.$": "States.Format('E{}', $.n)"}, "Next": "F"},
    "F": {"Type": "Fail", "ErrorPath": "$.e", "Cause": "x"}}), {"n": 7})
case("fail_after_choice", machine({
    "C": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": True, "Next": "S"}], "Default": "F"},
    "S": {"Type": "Succeed"}, "F": {"Type": "Fail", "Error": "NotOk", "Cause": "ok was false"}}), {"ok": False})

case("fail_cause_path_intrinsic", machine({"F": {"Type": "Fail", "Error": "E", "CausePath": "States.Format('n={}', $.n)"}}), {"n": 3})
case("fail_error_path_intrinsic", machine({"F": {"Type": "Fail", "ErrorPath": "States.Format('Err{}', $.n)"}}), {"n": 4})
case("fail_after_pass_chain", machine({"A": {"Type": "Pass", "Result": "Boom", "ResultPath": "$.e", "Next": "F"},
                                       "F": {"Type": "Fail", "ErrorPath": "$.e", "Cause": "chained"}}), {})

# ---- Parallel -----------------------------------------------------------------------------
def branch(states):
    return machine(states)


case("parallel_two_branches", machine({"Par": {"Type": "Parallel", "End": True, "Branches": [
    branch({"A": {"Type": "Pass", "Result": "a", "End": True}}),
    branch({"B": {"Type": "Pass", "Parameters": {"v.$": "$.x"}, "End": True}})]}}), {"x": 1})
case("parallel_order_kept", machine({"Par": {"Type": "Parallel", "End": True, "Branches": [
    branch({f"W{i}": {"Type": "Wait", "Seconds": 0, "Next": f"A{i}"}, f"A{i}": {"Type": "Pass", "Result": i, "End": True}}) for i in range(5)]}}), {})
case("parallel_resultpath_selector", machine({"Par": {"Type": "Parallel", "ResultPath": "$.r",
    "ResultSelector": {"first.$": "$[0]", "n.$": "States.ArrayLength($)"}, "End": True, "Branches": [
        branch({"A": {"Type": "Pass", "Result": 1, "End": True}}), branch({"B": {"Type": "Pass", "Result": 2, "End": True}})]}}), {"keep": True})
case("parallel_parameters", machine({"Par": {"Type": "Parallel", "Parameters": {"y.$": "$.x"}, "End": True, "Branches": [
    branch({"A": {"Type": "Pass", "End": True}})]}}), {"x": 3})
case("parallel_branch_fails", machine({"Par": {"Type": "Parallel", "End": True, "Branches": [
    branch({"A": {"Type": "Pass", "End": True}}), branch({"F": {"Type": "Fail", "Error": "BranchErr", "Cause": "c"}})]}}), {})
case("parallel_catch", machine({
    "Par": {"Type": "Parallel", "Next": "Done", "Branches": [branch({"F": {"Type": "Fail", "Error": "E1", "Cause": "c1"}})],
            "Catch": [{"ErrorEquals": ["E1"], "ResultPath": "$.err", "Next": "Handled"}]},
    "Handled": {"Type": "Pass", "Result": "handled", "ResultPath": "$.h", "End": True},
    "Done": {"Type": "Succeed"}}), {"in": 1})
case("parallel_catch_all_default_resultpath", machine({
    "Par": {"Type": "Parallel", "End": True, "Branches": [branch({"F": {"Type": "Fail", "Error": "E2"}})],
            "Catch": [{"ErrorEquals": ["Other"], "Next": "X"}, {"ErrorEquals": ["States.ALL"], "Next": "X"}]},
    "X": {"Type": "Pass", "End": True}}), {"in": 1})
case("parallel_catch_resultpath_null", machine({
    "Par": {"Type": "Parallel", "End": True, "Branches": [branch({"F": {"Type": "Fail", "Error": "E3"}})],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": None, "Next": "X"}]},
    "X": {"Type": "Pass", "End": True}}), {"in": 1})
case("parallel_catch_not_matching", machine({
    "Par": {"Type": "Parallel", "End": True, "Branches": [branch({"F": {"Type": "Fail", "Error": "E4", "Cause": "z"}})],
            "Catch": [{"ErrorEquals": ["Other"], "Next": "X"}]},
    "X": {"Type": "Pass", "End": True}}), {})
case("parallel_nested", machine({"Outer": {"Type": "Parallel", "End": True, "Branches": [
    branch({"Inner": {"Type": "Parallel", "End": True, "Branches": [
        branch({"A": {"Type": "Pass", "Result": "a", "End": True}}), branch({"B": {"Type": "Pass", "Result": "b", "End": True}})]}}),
    branch({"C": {"Type": "Pass", "Result": "c", "End": True}})]}}), {})
case("parallel_branch_choice", machine({"Par": {"Type": "Parallel", "End": True, "Branches": [
    branch({"C": {"Type": "Choice", "Choices": [{"Variable": "$.v", "NumericGreaterThan": 0, "Next": "Pos"}], "Default": "Neg"},
            "Pos": {"Type": "Pass", "Result": "pos", "End": True}, "Neg": {"Type": "Pass", "Result": "neg", "End": True}})]}}), {"v": 3})
case("parallel_outputpath", machine({"Par": {"Type": "Parallel", "OutputPath": "$[1]", "End": True, "Branches": [
    branch({"A": {"Type": "Pass", "Result": 1, "End": True}}), branch({"B": {"Type": "Pass", "Result": {"b": 2}, "End": True}})]}}), {})
case("parallel_retry_then_catch", machine({
    "Par": {"Type": "Parallel", "End": True, "Branches": [branch({"F": {"Type": "Fail", "Error": "Flaky"}})],
            "Retry": [{"ErrorEquals": ["Flaky"], "MaxAttempts": 1, "IntervalSeconds": 1}],
            "Catch": [{"ErrorEquals": ["Flaky"], "ResultPath": "$.e", "Next": "X"}]},
    "X": {"Type": "Pass", "End": True}}), {"v": 1})
case("parallel_retry_zero_attempts", machine({
    "Par": {"Type": "Parallel", "End": True, "Branches": [branch({"F": {"Type": "Fail", "Error": "Never"}})],
            "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 0}]}}), {})

# ---- Map ----------------------------------------------------------------------------------
ITER = machine({"I": {"Type": "Pass", "End": True}})
case("map_identity", machine({"M": {"Type": "Map", "ItemProcessor": ITER, "End": True}}), [1, 2, 3])
case("map_items_path", machine({"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": ITER, "End": True}}), {"items": ["a", "b"]})
case("map_empty", machine({"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": ITER, "End": True}}), {"items": []})
case("map_item_selector_context", machine({"M": {"Type": "Map", "ItemsPath": "$.items",
    "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index", "shared.$": "$.shared"},
    "ItemProcessor": ITER, "End": True}}), {"items": ["x", "y", "z"], "shared": 9})
case("map_legacy_iterator_parameters", machine({"M": {"Type": "Map", "ItemsPath": "$.items",
    "Parameters": {"v.$": "$$.Map.Item.Value"}, "Iterator": ITER, "End": True}}), {"items": [1, 2]})
case("map_max_concurrency_one", machine({"M": {"Type": "Map", "MaxConcurrency": 1, "ItemProcessor": machine({
    "W": {"Type": "Wait", "Seconds": 0, "Next": "P"}, "P": {"Type": "Pass", "Parameters": {"d.$": "States.MathAdd($, $)"}, "End": True}}),
    "End": True}}), [1, 2, 3, 4])
case("map_resultpath_selector", machine({"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": ITER,
    "ResultSelector": {"n.$": "States.ArrayLength($)", "all.$": "$"}, "ResultPath": "$.out", "End": True}}), {"items": [1, 2]})
case("map_iteration_choice", machine({"M": {"Type": "Map", "ItemProcessor": machine({
    "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericGreaterThan": 1, "Next": "Big"}], "Default": "Small"},
    "Big": {"Type": "Pass", "Result": "big", "End": True}, "Small": {"Type": "Pass", "Result": "small", "End": True}}), "End": True}}), [0, 1, 2, 3])
case("map_iteration_fails", machine({"M": {"Type": "Map", "ItemProcessor": machine({
    "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "F"}], "Default": "OK"},
    "F": {"Type": "Fail", "Error": "Two", "Cause": "item two"}, "OK": {"Type": "Pass", "End": True}}), "End": True}}), [1, 2, 3])
case("map_iteration_fails_caught", machine({
    "M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": machine({"F": {"Type": "Fail", "Error": "Bad"}}), "End": True,
          "Catch": [{"ErrorEquals": ["Bad"], "ResultPath": "$.error", "Next": "X"}]},
    "X": {"Type": "Pass", "End": True}}), {"items": [1]})
case("map_items_not_array", machine({"M": {"Type": "Map", "ItemsPath": "$.x", "ItemProcessor": ITER, "End": True}}), {"x": 1})
case("map_nested", machine({"M": {"Type": "Map", "ItemProcessor": machine({
    "Inner": {"Type": "Map", "ItemProcessor": machine({"P": {"Type": "Pass", "Parameters": {"v.$": "$"}, "End": True}}), "End": True}}),
    "End": True}}), [[1, 2], [3]])
case("map_objects", machine({"M": {"Type": "Map", "ItemsPath": "$.rows", "ItemProcessor": machine({
    "P": {"Type": "Pass", "Parameters": {"id.$": "$.id", "label.$": "States.Format('row-{}', $.id)"}, "End": True}}),
    "ResultPath": "$.rows", "End": True}}), {"rows": [{"id": 1}, {"id": 2}, {"id": 3}]})
case("map_then_parallel", machine({
    "M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": ITER, "ResultPath": "$.m", "Next": "Par"},
    "Par": {"Type": "Parallel", "End": True, "Branches": [branch({"A": {"Type": "Pass", "InputPath": "$.m", "End": True}})]}}),
    {"items": [5, 6]})
case("map_intrinsic_per_item", machine({"M": {"Type": "Map", "ItemsPath": "$.words", "ItemSelector": {
    "w.$": "$$.Map.Item.Value", "h.$": "States.Hash($$.Map.Item.Value, 'MD5')"}, "ItemProcessor": ITER, "End": True}}), {"words": ["a", "b"]})

# ---- ResultPath failures and misc errors ----------------------------------------------------
case("resultpath_into_string", machine({"P": {"Type": "Pass", "Result": 1, "ResultPath": "$.s.x", "End": True}}), {"s": "str"})
case("choice_no_match_runtime_error_catchless", machine({
    "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "StringEquals": "x", "Next": "E"}]}, "E": {"Type": "Succeed"}}), {"a": "y"})
case("parallel_catch_runtime_not_caught", machine({
    "Par": {"Type": "Parallel", "End": True, "Branches": [branch({"P": {"Type": "Pass", "InputPath": "$.nope", "End": True}})],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "X"}]},
    "X": {"Type": "Pass", "End": True}}), {})
case("catch_error_output_shape", machine({
    "Par": {"Type": "Parallel", "Next": "X", "Branches": [branch({"F": {"Type": "Fail", "Error": "Shape", "Cause": "why"}})],
            "Catch": [{"ErrorEquals": ["Shape"], "Next": "X"}]},
    "X": {"Type": "Pass", "Parameters": {"e.$": "$.Error", "c.$": "$.Cause"}, "End": True}}), {})
case("long_pass_chain", machine({f"S{i}": ({"Type": "Pass", "Parameters": {"i": i, "prev.$": "$"}, "Next": f"S{i + 1}"}
                                       if i < 24 else {"Type": "Pass", "End": True}) for i in range(25)}), {"start": True})


def run_all():
    results = []
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        client = boto3.client("stepfunctions", region_name="us-east-1")
        for index, c in enumerate(CASES):
            if c["name"] in EXCLUDED:
                continue
            arn = client.create_state_machine(name=f"fixture-{index}", definition=json.dumps(c["definition"]),
                                              roleArn=ROLE)["stateMachineArn"]
            execution = client.start_execution(stateMachineArn=arn, name=f"exec-{index}",
                                               input=json.dumps(c["input"]))["executionArn"]
            deadline = time.time() + 60
            while True:
                described = client.describe_execution(executionArn=execution)
                if described["status"] != "RUNNING" or time.time() > deadline:
                    break
                time.sleep(0.02)
            entry = dict(c)
            entry["status"] = described["status"]
            if described["status"] == "SUCCEEDED":
                try:
                    entry["output"] = json.loads(described["output"])
                except ValueError:
                    print(f"{c['name']}: output is not JSON: {described['output']!r}", file=sys.stderr)
                    continue
            else:
                entry["error"] = described.get("error")
                entry["cause"] = described.get("cause")
            results.append(entry)
            print(f"{c['name']}: {entry['status']} {entry.get('error') or ''}", file=sys.stderr)
    return results


if __name__ == "__main__":
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    fixtures = run_all()
    with open(os.path.join(HERE, "fixtures.json"), "w") as f:
        json.dump(fixtures, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(fixtures)} fixtures written ({len(EXCLUDED)} excluded)", file=sys.stderr)
