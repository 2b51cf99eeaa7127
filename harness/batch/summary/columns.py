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
