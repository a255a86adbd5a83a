"""The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`.

Written out by hand next to the routes it describes; `tests/api` checks that every route of the
blueprint appears here and that every path here is a route, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Any

ERROR = {"$ref": "#/components/responses/Error"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str = "成功") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _list_of(key: str, schema: str) -> dict[str, Any]:
    """A 200 answer `{key: [schema…]}`."""
    return _json({"type": "object", "properties": {key: {"type": "array", "items": _ref(schema)}}})


def _json_request(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    """A required JSON object body with these properties."""
    schema = {"type": "object", "required": required, "properties": properties}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _id_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def _query(name: str, kind: str = "integer") -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": {"type": kind}}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(code): ERROR for code in (401, *codes)}


SCHEMAS: dict[str, Any] = {
    "Unit": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}},
    "Plan": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "year": {"type": "integer"},
            "title": {"type": "string"},
            "status": {"enum": ["draft", "confirmed"]},
            "source_filename": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time"},
            "confirmed_at": {"type": ["string", "null"], "format": "date-time"},
            "archived_at": {"type": ["string", "null"], "format": "date-time"},
        },
    },
    "PlanItem": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "parent_id": {"type": ["integer", "null"]},
            "marker": {"type": ["string", "null"]},
            "title": {"type": "string"},
            "category": {"type": ["string", "null"]},
            "deadline": {"type": ["string", "null"], "format": "date"},
            "ongoing": {"type": "boolean"},
        },
    },
    "Indicator": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "plan_item_id": {"type": "integer"},
            "name": {"type": "string"},
            "unit": {"type": "string"},
            "kind": {"enum": ["cumulative", "stock", "rate"], "description": "累计、现有或比率"},
            "kind_word": {"enum": ["累计", "现有", "比率"]},
            "target": {"type": ["string", "null"]},
            "actual": {"type": "string", "description": "累计为各次之和；现有、比率为最新（比率优先全年数）"},
            "baseline": {"type": ["object", "null"]},
        },
    },
    "Shortcoming": {
        "type": "object",
        "description": "上年度查摆的问题及其整改情况",
        "properties": {
            "id": {"type": "integer"},
            "plan_id": {"type": "integer"},
            "text": {"type": "string"},
            "plan_item_id": {"type": ["integer", "null"], "description": "所属方面（顶层计划事项）"},
            "state": {"enum": ["open", "in_progress", "done"]},
            "state_word": {"enum": ["未整改", "整改中", "已整改"]},
            "measures": {"type": ["string", "null"]},
            "date": {"type": ["string", "null"], "format": "date"},
            "cause": {"type": ["string", "null"], "description": "尚未整改到位的原因"},
            "evidence": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "name": {"type": "string"},
                        "size_bytes": {"type": "integer"},
                        "description": {"type": ["string", "null"]},
                    },
                },
            },
        },
    },
    "Rectification": {
        "type": "object",
        "required": ["state"],
        "properties": {
            "state": {"enum": ["open", "in_progress", "done", "未整改", "整改中", "已整改"]},
            "measures": {"type": "string", "description": "整改中、已整改时必填"},
            "date": {"type": ["string", "null"], "format": "date", "description": "已整改时必填"},
            "cause": {"type": "string"},
            "plan_item_id": {"type": ["integer", "null"]},
        },
    },
    "Duty": {
        "type": "object",
        "description": "第一责任人履职登记（及其他需要报告的情况）",
        "properties": {
            "id": {"type": "integer"},
            "date": {"type": "string", "format": "date"},
            "kind": {"enum": ["study", "research", "statement", "inspection", "other_duty", "other_matter"]},
            "kind_word": {"type": "string"},
            "text": {"type": "string"},
        },
    },
    "Duban": {
        "type": "object",
        "description": "县级督办：下发至各镇，每个镇一项任务（列入该镇年度计划的“上级交办”）",
        "properties": {
            "id": {"type": "integer"},
            "county": _ref("Unit"),
            "year": {"type": "integer"},
            "title": {"type": "string"},
            "text": {"type": "string"},
            "deadline": {"type": "string", "format": "date"},
            "requires_evidence": {"type": "boolean"},
            "created_at": {"type": "string", "format": "date-time"},
            "towns": {
                "type": "array",
                "description": "调用者可见的各镇（县级人员：全部；镇的人员：仅本镇）",
                "items": {
                    "type": "object",
                    "properties": {"town": _ref("Unit"), "task": {"oneOf": [_ref("Task"), {"type": "null"}]}},
                },
            },
        },
    },
    "Task": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "plan_id": {"type": "integer"},
            "plan_item_id": {"type": "integer"},
            "title": {"type": "string"},
            "lead_department": {"oneOf": [_ref("Unit"), {"type": "null"}]},
            "support_departments": {"type": "array", "items": _ref("Unit")},
            "owner": {"oneOf": [_ref("Unit"), {"type": "null"}]},
            "deadline": {"type": ["string", "null"], "format": "date"},
            "ongoing": {"type": "boolean"},
            "status": {"enum": ["pending", "in_progress", "done"]},
            "percent": {"type": "integer"},
            "requires_evidence": {"type": "boolean"},
            "unfinished_reason": {"type": ["string", "null"], "description": "未完成原因"},
            "version_id": {"type": "integer", "description": "乐观锁版本号：修改时原样提交"},
        },
    },
    "Increment": {
        "type": "object",
        "description": "一次进展对一个指标所记的数：累计为本次增加，现有为当前总数，比率为当前比率",
        "required": ["indicator_id", "amount"],
        "properties": {
            "indicator_id": {"type": "integer"},
            "amount": {
                "type": "string",
                "example": "10余",
                "description": "数字，约数可写 10余、近100、50以上",
            },
            "qualifier": {"enum": ["余", "多", "以上", "近", "约", None]},
            "full_year": {"type": "boolean", "description": "比率指标：该数为全年数"},
        },
    },
    "ProgressEntry": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "task_id": {"type": "integer"},
            "entry_date": {"type": "string", "format": "date"},
            "text": {"type": "string"},
            "percent": {"type": ["integer", "null"]},
            "author": {"type": ["string", "null"]},
            "increments": {"type": "array", "items": _ref("Increment")},
            "evidence": {"type": "array", "items": {"type": "object"}},
        },
    },
    "NewProgress": {
        "type": "object",
        "required": ["text"],
        "properties": {
            "text": {"type": "string", "maxLength": 5000},
            "entry_date": {"type": "string", "format": "date"},
            "percent": {"type": "integer", "minimum": 0, "maximum": 100},
            "increments": {"type": "array", "items": _ref("Increment")},
            "version_id": {
                "type": "integer",
                "description": "读取任务时的版本号；与 percent_seen 一起提交时，"
                "若完成比例在此期间被他人改动，进展仍保存，但不覆盖他人的完成比例，"
                "响应中的 percent_conflict 说明两者的值",
            },
            "percent_seen": {"type": "integer", "description": "读取任务时的完成比例"},
        },
    },
    "Assignment": {
        "type": "object",
        "required": ["version_id"],
        "properties": {
            "version_id": {"type": "integer"},
            "lead_department_id": {"type": ["integer", "null"]},
            "support_department_ids": {"type": "array", "items": {"type": "integer"}},
            "owner_id": {"type": ["integer", "null"]},
            "deadline": {"type": ["string", "null"], "format": "date"},
            "ongoing": {"type": "boolean"},
            "requires_evidence": {"type": "boolean"},
        },
    },
    "Error": {
        "type": "object",
        "properties": {"error": {"type": "string", "description": "中文说明"}, "status": {"type": "integer"}},
    },
}


def _paths() -> dict[str, Any]:
    task_id = _id_param("task_id")
    return {
        "/plans": {
            "get": {
                "summary": "计划列表",
                "responses": {
                    "200": _json(
                        {"type": "object", "properties": {"plans": {"type": "array", "items": _ref("Plan")}}}
                    ),
                    **_errors(),
                },
            }
        },
        "/plans/{plan_id}": {
            "get": {
                "summary": "计划及其事项",
                "parameters": [_id_param("plan_id")],
                "responses": {"200": _json(_ref("Plan")), **_errors(404)},
            },
            "delete": {
                "summary": "删除草稿计划（仅法治办；已确认的计划不能删除，答 409）",
                "parameters": [_id_param("plan_id")],
                "responses": {"204": {"description": "已删除"}, **_errors(403, 404, 409)},
            },
        },
        "/plans/{plan_id}/archive": {
            "post": {
                "summary": "归档已确认的计划：任务离开看板和提醒，记录保留（仅法治办）",
                "parameters": [_id_param("plan_id")],
                "responses": {"200": _json(_ref("Plan")), **_errors(403, 404, 409)},
            }
        },
        "/plans/{plan_id}/restore": {
            "post": {
                "summary": "取消归档（仅法治办）",
                "parameters": [_id_param("plan_id")],
                "responses": {"200": _json(_ref("Plan")), **_errors(403, 404, 409)},
            }
        },
        "/plans/{plan_id}/shortcomings": {
            "get": {
                "summary": "上年度查摆问题及整改情况",
                "parameters": [_id_param("plan_id")],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {"shortcomings": {"type": "array", "items": _ref("Shortcoming")}},
                        }
                    ),
                    **_errors(404),
                },
            }
        },
        "/shortcomings/{shortcoming_id}": {
            "patch": {
                "summary": "登记整改情况（仅法治办）",
                "parameters": [_id_param("shortcoming_id")],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("Rectification")}},
                },
                "responses": {"200": _json(_ref("Shortcoming")), **_errors(400, 403, 404)},
            }
        },
        "/shortcomings/{shortcoming_id}/evidence": {
            "post": {
                "summary": "上传整改佐证材料（仅法治办）",
                "parameters": [_id_param("shortcoming_id")],
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "evidence": {
                                        "type": "array",
                                        "items": {"type": "string", "format": "binary"},
                                    },
                                    "description": {"type": "string"},
                                },
                            }
                        }
                    },
                },
                "responses": {"201": _json(_ref("Shortcoming"), "已上传"), **_errors(400, 403, 404)},
            }
        },
        "/duties": {
            "get": {
                "summary": "第一责任人履职登记（按年度）",
                "parameters": [_query("year")],
                "responses": {
                    "200": _list_of("duties", "Duty"),
                    **_errors(),
                },
            },
            "post": {
                "summary": "登记一项（仅法治办）",
                "requestBody": _json_request(
                    ["date", "kind", "text"],
                    {
                        "date": {"type": "string", "format": "date"},
                        "kind": {"type": "string", "description": "类别（值或中文名称）"},
                        "text": {"type": "string", "maxLength": 300},
                    },
                ),
                "responses": {"201": _json(_ref("Duty"), "已登记"), **_errors(400, 403)},
            },
        },
        "/duban": {
            "get": {
                "summary": "可见的督办（新的在前）",
                "responses": {
                    "200": _list_of("duban", "Duban"),
                    **_errors(),
                },
            },
            "post": {
                "summary": "下发督办（仅县级法治办；各镇须有当年在办计划，否则整体拒绝）",
                "requestBody": _json_request(
                    ["title", "deadline", "town_ids"],
                    {
                        "title": {"type": "string", "maxLength": 300},
                        "text": {"type": "string", "maxLength": 5000},
                        "deadline": {"type": "string", "format": "date"},
                        "requires_evidence": {"type": "boolean"},
                        "town_ids": {"type": "array", "items": {"type": "integer"}},
                    },
                ),
                "responses": {"201": _json(_ref("Duban"), "已下发"), **_errors(400, 403)},
            },
        },
        "/duban/{duban_id}": {
            "get": {
                "summary": "督办及各镇办理情况",
                "parameters": [_id_param("duban_id")],
                "responses": {"200": _json(_ref("Duban")), **_errors(404)},
            }
        },
        "/duties/{record_id}": {
            "delete": {
                "summary": "删除一项（仅法治办）",
                "parameters": [_id_param("record_id")],
                "responses": {"204": {"description": "已删除"}, **_errors(403, 404)},
            }
        },
        "/tasks": {
            "get": {
                "summary": "任务列表（可筛选、分页；不指定 plan_id 时为在办计划的任务）",
                "parameters": [
                    _query("plan_id"),
                    _query("department_id"),
                    _query("owner_id"),
                    _query("status", "string"),
                    _query("mine", "string"),
                    _query("q", "string"),
                    _query("limit"),
                    _query("offset"),
                ],
                "responses": {
                    "200": _json(
                        {"type": "object", "properties": {"tasks": {"type": "array", "items": _ref("Task")}}}
                    ),
                    **_errors(),
                },
            }
        },
        "/tasks/{task_id}": {
            "get": {
                "summary": "任务详情",
                "parameters": [task_id],
                "responses": {"200": _json(_ref("Task")), **_errors(404)},
            },
            "patch": {
                "summary": "分配任务（仅法治办）",
                "parameters": [task_id],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("Assignment")}},
                },
                "responses": {"200": _json(_ref("Task")), **_errors(400, 403, 404, 409)},
            },
        },
        "/tasks/{task_id}/indicators": {
            "get": {
                "summary": "任务的指标（含类型）",
                "parameters": [task_id],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {"indicators": {"type": "array", "items": _ref("Indicator")}},
                        }
                    ),
                    **_errors(404),
                },
            }
        },
        "/indicators/{indicator_id}": {
            "patch": {
                "summary": "更改指标类型（仅法治办）",
                "parameters": [_id_param("indicator_id")],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["kind"],
                                "properties": {
                                    "kind": {"enum": ["cumulative", "stock", "rate", "累计", "现有", "比率"]}
                                },
                            }
                        }
                    },
                },
                "responses": {"200": _json(_ref("Indicator")), **_errors(400, 403, 404)},
            }
        },
        "/tasks/{task_id}/unfinished_reason": {
            "put": {
                "summary": "填写未完成原因（牵头单位或法治办）",
                "parameters": [task_id],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"reason": {"type": "string", "maxLength": 500}},
                            }
                        }
                    },
                },
                "responses": {"200": _json(_ref("Task")), **_errors(400, 403, 404)},
            }
        },
        "/tasks/{task_id}/close": {
            "post": {
                "summary": "办结任务",
                "parameters": [task_id],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["version_id"],
                                "properties": {"version_id": {"type": "integer"}, "note": {"type": "string"}},
                            }
                        }
                    },
                },
                "responses": {"200": _json(_ref("Task")), **_errors(400, 403, 404, 409)},
            }
        },
        "/tasks/{task_id}/reopen": {
            "post": {
                "summary": "重新打开已办结的任务（仅法治办，须写明原因）",
                "parameters": [task_id],
                "requestBody": _json_request(
                    ["version_id", "reason"],
                    {"version_id": {"type": "integer"}, "reason": {"type": "string"}},
                ),
                "responses": {"200": _json(_ref("Task")), **_errors(400, 403, 404, 409)},
            }
        },
        "/tasks/{task_id}/progress": {
            "get": {
                "summary": "任务的进展记录",
                "parameters": [task_id],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {"entries": {"type": "array", "items": _ref("ProgressEntry")}},
                        }
                    ),
                    **_errors(404),
                },
            },
            "post": {
                "summary": "填报进展（含指标增量）",
                "parameters": [task_id],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("NewProgress")}},
                },
                "responses": {"201": _json(_ref("ProgressEntry"), "已创建"), **_errors(400, 403, 404)},
            },
        },
    }


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "落实 Luoshi API",
            "version": "1",
            "description": "年度法治政府建设计划的任务、进展与计划。权限规则与网页相同。",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": _paths(),
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "在“我的账号”页面生成的个人 API 令牌",
                }
            },
            "responses": {"Error": _json(_ref("Error"), "错误（中文说明）")},
        },
    }
