"""Column headings of the summary tables, Chinese and English, shared by HTML and XLSX."""

from __future__ import annotations

SDK_COLUMNS: tuple[tuple[str, str], ...] = (
    ("sdk", "SDK / 第三方SDK"),
    ("vendor", "Vendor / 厂商"),
    ("package", "Package / 包名"),
    ("rule", "Rule / 违规类型"),
    ("data", "Data / 个人信息类型"),
    ("apps", "Apps / 应用数"),
    ("hosts", "Sent to / 发送目标"),
    ("examples", "Reports / 检测报告"),
)

APP_COLUMNS: tuple[tuple[str, str], ...] = (
    ("app", "App / 应用"),
    ("package", "Package / 包名"),
    ("state", "State / 状态"),
    ("attempts", "Attempts / 尝试次数"),
    ("device", "Device / 设备"),
    ("findings", "Findings / 问题数"),
    ("reason", "Outcome / 结果说明"),
    ("report_path", "Report / 检测报告"),
)

FINDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("app", "App / 应用"),
    ("rule", "Rule / 违规类型"),
    ("data", "Data / 个人信息类型"),
    ("api", "API / 调用接口"),
    ("host", "Sent to / 发送目标"),
    ("actor_kind", "Actor kind / 主体类型"),
    ("actor_name", "Actor / 调用主体"),
    ("actor_package", "Actor package / 主体包名"),
    ("process", "Process / 进程"),
    ("count", "Calls / 调用次数"),
    ("first_offset_s", "First call (s) / 首次调用(秒)"),
    ("first_at", "First call at / 首次调用时间"),
)

INFRA_COLUMNS: tuple[tuple[str, str], ...] = (
    ("app", "App / 应用"),
    ("attempt", "Attempt / 尝试"),
    ("device", "Device / 设备"),
    ("infra_kind", "Kind / 故障类型"),
    ("reason", "Reason / 原因"),
    ("report_path", "Partial report / 部分报告"),
)

DEVICE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Device / 设备"),
    ("state", "State / 状态"),
    ("apps_done", "Apps run / 已测应用"),
    ("consecutive_failures", "Failures in a row / 连续故障"),
    ("reason", "Last problem / 最近问题"),
)

STATE_LABELS: dict[str, str] = {
    "queued": "queued / 排队",
    "running": "running / 运行中",
    "done": "done / 完成",
    "failed_app": "app failed / 应用失败",
    "failed_infra": "infrastructure failed / 环境故障",
    "timeout": "timeout / 超时",
}

# Only in the workbook: real date cells (UTC; Excel has no time zones), the SDK ranking and the
# stacks sheet.
APP_DATE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("started_at", "Started (UTC) / 开始时间"),
    ("ended_at", "Ended (UTC) / 结束时间"),
)

RANKING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("rank", "Rank / 排名"),
    ("sdk", "SDK / 第三方SDK"),
    ("vendor", "Vendor / 厂商"),
    ("pre_consent_apps", "Apps, before consent / 同意前收集的应用数"),
    ("pre_consent_percent", "% of tested apps / 占比"),
    ("apps", "Apps, any rule / 存在问题的应用数"),
    ("apps_percent", "% of tested apps / 占比"),
)

STACK_COLUMNS: tuple[tuple[str, str], ...] = (
    ("sdk", "SDK / 第三方SDK"),
    ("rule", "Rule / 违规类型"),
    ("data", "Data / 个人信息类型"),
    ("app", "Example app / 示例应用"),
    ("api", "API / 调用接口"),
    ("process", "Process / 进程"),
    ("stack", "Stack / 调用栈"),
)

# Column widths in the workbook (characters); anything else gets DEFAULT_WIDTH.
DEFAULT_WIDTH = 14
WIDTHS: dict[str, int] = {
    "sdk": 28,
    "vendor": 20,
    "package": 32,
    "rule": 18,
    "data": 16,
    "examples": 60,
    "app": 32,
    "reason": 40,
    "report_path": 36,
    "api": 52,
    "actor_name": 28,
    "actor_package": 28,
    "process": 28,
    "first_at": 20,
    "started_at": 20,
    "ended_at": 20,
    "stack": 110,
    "name": 20,
}
