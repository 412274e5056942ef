#include "api/template_routes.h"

#include <boost/json.hpp>

#include "api/control_requests.h"
#include "api/control_shapes.h"
#include "api/pagination.h"

namespace fleetjobs::api {
namespace json = boost::json;

void RegisterTemplateRoutes(RouteTable& table, Engine& engine) {
  table.Add({"PUT", "/job-templates/{jobTemplateId}", Plane::kControl, "CreateJobTemplate",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(CreateJobTemplateRequest req, DecodeCreateJobTemplate(call));
               FJ_ASSIGN_OR_RETURN(JobTemplate t, engine.templates().CreateJobTemplate(req));
               json::object o;
               o["jobTemplateArn"] = t.template_arn;
               o["jobTemplateId"] = t.template_id;
               return o;
             }});
  table.Add({"GET", "/job-templates/{jobTemplateId}", Plane::kControl, "DescribeJobTemplate",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(JobTemplate t,
                                   engine.templates().DescribeJobTemplate(call.path.Get("jobTemplateId")));
               return control::EncodeJobTemplate(t);
             }});
  table.Add({"GET", "/job-templates", Plane::kControl, "ListJobTemplates",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_ASSIGN_OR_RETURN(PageRequest page_req, DecodePageRequest(call.query));
               FJ_ASSIGN_OR_RETURN(Page<JobTemplate> page, engine.templates().ListJobTemplates(page_req));
               json::array templates;
               for (const JobTemplate& t : page.items)
                 templates.push_back(control::EncodeJobTemplateSummary(t));
               json::object o;
               o["jobTemplates"] = std::move(templates);
               AddNextToken(o, page.next);
               return o;
             }});
  table.Add({"DELETE", "/job-templates/{jobTemplateId}", Plane::kControl, "DeleteJobTemplate",
             [&engine](const ApiCall& call) -> Result<json::object> {
               FJ_RETURN_IF_ERROR(engine.templates().DeleteJobTemplate(call.path.Get("jobTemplateId")));
               return json::object();
             }});
}

}  // namespace fleetjobs::api
