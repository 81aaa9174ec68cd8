using Pairing.Domain.Calendars;

namespace Pairing.Application.Seeding;

/// <summary>Measures and yearly targets for demo agreements whose seed entry does not spell them out, so the demo
/// documents read like real ones.</summary>
public static class DemoPlan
{
    public static List<string> Measures(string program) => program switch
    {
        "county-trusteeship" =>
        [
            "管理帮扶：帮扶方选派副校长或中层干部到受援方挂职，参与制定学校发展规划和管理制度",
            "教学帮扶：每学期联合开展集体备课、同课异构和学科教研活动不少于4次，共享优质课程与试题资源",
            "教师发展：受援方每年选派骨干教师到帮扶方跟岗学习，帮扶方名师对受援方青年教师一对一指导",
            "学生发展：联合开展学科竞赛辅导、研学和生涯规划指导活动",
        ],
        "labour-education" =>
        [
            "课程共建：牵头学校开放劳动教育课程和实践基地，结对学校按学段开设劳动课程",
            "师资培训：每学期联合开展劳动教育教研和教师培训",
            "实践活动：共同组织劳动周、农耕体验、职业体验等实践活动",
        ],
        _ =>
        [
            "学科建设：高校学科团队指导结对学校建设特色学科和课程",
            "教师发展：高校为结对学校教师提供专题培训和教研指导",
            "科研合作：共同申报和开展教育教学研究课题",
        ],
    };

    public static List<string> Targets(DateOnly start, DateOnly end) =>
        SchoolCalendar.SchoolYears(start, end).Select((y, i) => i switch
        {
            0 => $"{y.Label}：建立帮扶工作机制，完成学校发展诊断并制定一校一案",
            1 => $"{y.Label}：教学质量和教师队伍能力明显提升，主要指标较基线提高",
            _ => $"{y.Label}：形成可持续的合作机制，帮扶成效经评估达到预期",
        }).ToList();
}
