/** Texts sent (or being sent) to one mobile number on one Beijing calendar day: the exact daily cap. */
export interface SmsDailyQuotaTable {
  /** The normalised 11-digit mobile number. */
  address: string;
  /** YYYY-MM-DD, Beijing time. */
  day: string;
  used: number;
}

/** Which delivery holds a slot of sms_daily_quota, so a retried delivery never takes a second one. */
export interface SmsQuotaClaimsTable {
  delivery_id: number;
  address: string;
  day: string;
  created_at: string;
}

export interface SmsTables {
  sms_daily_quota: SmsDailyQuotaTable;
  sms_quota_claims: SmsQuotaClaimsTable;
}
