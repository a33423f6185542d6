/* Stable names of health states and events, for logs and bindings. */
#include "rasgw/health.h"

const char *rasgw_health_event_name(rasgw_health_event_kind kind)
{
	switch (kind) {
	case RASGW_HEALTH_HOST_FAILED:
		return "host-failed";
	case RASGW_HEALTH_GATEWAY_VM_FAILED:
		return "gateway-vm-failed";
	case RASGW_HEALTH_GATEWAY_SERVICE_FAILED:
		return "gateway-service-failed";
	case RASGW_HEALTH_HOST_RECOVERED:
		return "host-recovered";
	case RASGW_HEALTH_GATEWAY_RECOVERED:
		return "gateway-recovered";
	}
	return "unknown";
}

const char *rasgw_health_state_name(rasgw_health_state state)
{
	switch (state) {
	case RASGW_HEALTH_STATE_UP:
		return "up";
	case RASGW_HEALTH_STATE_VM_FAILED:
		return "vm-failed";
	case RASGW_HEALTH_STATE_SERVICE_FAILED:
		return "service-failed";
	case RASGW_HEALTH_STATE_HOST_FAILED:
		return "host-failed";
	}
	return "unknown";
}
