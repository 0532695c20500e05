// A timestamp rendered in the browser's own time zone and locale (the server only knows UTC).
export default {
  template: `<span :title="title">{{ text }}</span>`,
  props: { iso: String, mode: { type: String, default: "time" }, locale: String },
  computed: {
    date() {
      return this.iso ? new Date(this.iso) : null;
    },
    text() {
      if (!this.date || isNaN(this.date)) return "";
      if (this.mode === "datetime") {
        return this.date.toLocaleString(this.locale || [], { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" });
      }
      return this.date.toLocaleTimeString(this.locale || [], { hour: "2-digit", minute: "2-digit" });
    },
    title() {
      return this.date && !isNaN(this.date) ? this.date.toLocaleString() : "";
    },
  },
};
