"""The wire contract: hooks/src/wire.ts and harness/agent/messages.py declare the same types.

The TypeScript side is read by the TypeScript compiler itself (wire_types.mjs resolves extends,
aliases and `typeof SCHEMA`), the Python side from the pydantic models' JSON Schema; both are
brought to one small type notation and compared, so a field added, removed, renamed or retyped
on one side only fails here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter

from harness.agent import messages
from harness.agent.messages import RPC, WIRE_SCHEMA

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / "hooks"

# wire.ts name -> the Python type that parses it.
PAIRS: dict[str, Any] = {
    "JavaFrame": messages.JavaFrame,
    "StackItem": messages.StackItem,
    "CallItem": messages.CallItem,
    "SendItem": messages.SendItem,
    "Header": messages.Header,
    "MarkerItem": messages.MarkerItem,
    "ProbeItem": messages.ProbeItem,
    "PayloadMessage": messages.PayloadMessage,
    "PayloadPart": messages.PayloadPart,
    "BatchItem": messages.BatchItem,
    "BatchMessage": messages.BatchMessage,
    "BatchJsonMessage": messages.BatchJsonMessage,
    "BatchPackedMessage": messages.BatchPackedMessage,
    "HookFailure": messages.HookFailure,
    "HookReportMessage": messages.HookReportMessage,
    "AgentErrorMessage": messages.AgentErrorMessage,
    "AgentMessage": messages.Message,
    "InitOptions": messages.InitOptions,
    "MarkReply": messages.MarkReply,
    "AgentStats": messages.AgentStats,
}
# Declared in wire.ts with no model of their own on the Python side, and why.
TS_ONLY = {
    "Schema": "the type of SCHEMA, compared as a constant",
    "HookReport": "the fields HookReportMessage extends; compared as part of it",
    "AgentRpc": "the RPC exports, compared with messages.RPC",
    "Channel": "harness.model.Channel, compared as part of SendItem",
}


@pytest.fixture(scope="module")
def ts() -> dict[str, Any]:
    node = shutil.which("node")
    if node is None or not (HOOKS / "node_modules" / "typescript").is_dir():
        pytest.skip("node and hooks/node_modules (npm ci) are needed to read wire.ts")
    out = subprocess.run(
        [node, str(Path(__file__).with_name("wire_types.mjs")), str(HOOKS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def _norm(t: Any) -> Any:
    """wire_types.mjs notation made order-independent: a union is its members' sorted JSON."""
    if isinstance(t, dict) and "anyOf" in t:
        members: set[str] = set()
        for member in (_norm(m) for m in t["anyOf"]):
            if isinstance(member, dict) and "anyOf" in member:
                members.update(member["anyOf"])  # a union inside a union: flattened
            else:
                members.add(json.dumps(member, sort_keys=True))
        return json.loads(members.pop()) if len(members) == 1 else {"anyOf": sorted(members)}
    if isinstance(t, dict) and "array" in t:
        return {"array": _norm(t["array"])}
    return t


def _py(schema: dict[str, Any], defs: dict[str, Any]) -> Any:
    """A JSON Schema (pydantic's) in the same notation."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        target = defs[name]
        return _py(target, defs) if "enum" in target else {"ref": name}
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return _norm({"anyOf": [_py(s, defs) for s in schema[key]]})
    if "const" in schema:
        return {"const": schema["const"]}
    if "enum" in schema:
        return _norm({"anyOf": [{"const": v} for v in schema["enum"]]})
    kind = schema["type"]
    if kind == "array":
        return {"array": _py(schema["items"], defs)}
    return "number" if kind == "integer" else kind  # TypeScript has one number type


def _py_fields(model: type[BaseModel]) -> dict[str, tuple[Any, bool]]:
    schema = model.model_json_schema(by_alias=True)
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    return {
        name: (_py(prop, defs), name in required) for name, prop in schema["properties"].items()
    }


def _py_alias(annotation: Any) -> Any:
    schema = TypeAdapter(annotation).json_schema()
    return _py(schema, schema.get("$defs", {}))


def test_every_wire_type_has_its_twin(ts: dict[str, Any]) -> None:
    assert set(ts["types"]) == set(PAIRS) | set(TS_ONLY)
    models = {
        obj
        for obj in vars(messages).values()
        if isinstance(obj, type)
        and issubclass(obj, BaseModel)
        and obj.__module__ == messages.__name__
    }
    assert models == {p for p in PAIRS.values() if isinstance(p, type)}
    assert ts["SCHEMA"] == WIRE_SCHEMA


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_fields_and_types_match(ts: dict[str, Any], name: str) -> None:
    declared = ts["types"][name]
    python = PAIRS[name]
    if "alias" in declared:
        assert _py_alias(python) == _norm(declared["alias"])
        return
    theirs = {f: (_norm(d["type"]), d["optional"]) for f, d in declared["fields"].items()}
    ours = _py_fields(python)
    assert {f: t for f, (t, _) in ours.items()} == {f: t for f, (t, _) in theirs.items()}
    # A field the agent may leave out must have a default here; the reverse is only leniency.
    assert [f for f, (_, optional) in theirs.items() if optional and ours[f][1]] == []


def test_rpc_exports_match(ts: dict[str, Any]) -> None:
    def notation(t: type | None) -> Any:
        if t is None:
            return "void"
        if t is str:
            return "string"
        return {"ref": t.__name__}

    declared = ts["types"]["AgentRpc"]["methods"]
    ours = {
        name: {"params": [notation(p) for p in rpc.params], "returns": notation(rpc.reply)}
        for name, rpc in RPC.items()
    }
    assert ours == {
        name: {**m, "params": [_norm(p) for p in m["params"]]} for name, m in declared.items()
    }


def test_the_notation_sees_a_one_sided_change(ts: dict[str, Any]) -> None:
    # The comparison itself must be able to fail: a field only one side has, or another type.
    call = {f: _norm(d["type"]) for f, d in ts["types"]["CallItem"]["fields"].items()}
    ours = {f: t for f, (t, _) in _py_fields(messages.CallItem).items()}
    assert ours == call
    assert ours != {**call, "colour": "string"}
    assert ours != {**call, "ret": "string"}  # `string | null` on both sides, not `string`
    assert ours["stack_id"] == {"anyOf": ['"null"', '"number"']}
