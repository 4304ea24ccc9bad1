import type { Site } from '../../sites/sites.schemas.js';
import type { CaseRules } from '../cases/case-rules.js';
import { wd } from '../clock/clock.types.js';

/** 依申请公开指南: the steps in plain words; every period comes from the site's case rules (never a literal). */
export function GuidePage(props: { site: Site; rules: CaseRules }) {
  const { clock, fees, correctionPeriodDays } = props.rules;
  const { site } = props;
  const freePages = fees.pageBands.find((b) => b.yuanPerPage === 0)?.upTo;
  return (
    <>
      <h1>依申请公开指南</h1>
      <p class="lede">公民、法人或者其他组织可以向{site.name}申请获取相关政府信息（《中华人民共和国政府信息公开条例》第二十七条）。以下是申请和办理的步骤与期限。</p>
      <p><a class="button" href="/apply">在线提交申请</a></p>

      <h2>办理步骤</h2>
      <ol>
        <li>
          <strong>登录账号。</strong>在线申请请先登录个人或法人账号（没有账号的可先<a href="/register">注册</a>）。
        </li>
        <li>
          <strong>填写申请。</strong>写明申请人的姓名或者名称、身份证明、联系方式；所需政府信息的名称、文号或者便于查询的其他特征描述；以及获取信息的方式（条例第二十九条）。
        </li>
        <li>
          <strong>确认收到。</strong>提交后页面会显示申请编号、收到申请的日期和答复期限。
          {clock.onlineRestDayNextWorkingDay ? '在休息日（周末、法定节假日）提交的，以下一个工作日为收到申请的日期。' : '以提交当日为收到申请的日期。'}
        </li>
        <li>
          <strong>补正（如需要）。</strong>申请内容不明确的，我们会在收到申请之日起 {wd(clock.correctionNoticeDays)}内一次性告知需要补正的事项和期限（一般为 {wd(correctionPeriodDays)}）。
          您可以在个人空间在线提交补正材料，答复期限自收到补正材料之日起重新计算；无正当理由逾期不补正的，视为放弃申请（条例第三十条）。
        </li>
        <li>
          <strong>征求意见（如需要）。</strong>公开可能损害第三方合法权益的，我们将书面征求第三方意见，第三方应当自收到之日起 {wd(clock.thirdPartyDays)}内提出意见；征求意见所需时间不计算在答复期限内（条例第三十二条）。
        </li>
        <li>
          <strong>答复。</strong>能够当场答复的当场答复；不能当场答复的，自收到申请之日起 {wd(clock.replyDays)}内答复。
          需要延长答复期限的，经政府信息公开工作机构负责人同意并告知您，延长的期限最长不超过 {wd(clock.extensionMaxDays)}（条例第三十三条）。
        </li>
        <li>
          <strong>信息处理费（如适用）。</strong>同一申请人一个自然月内申请超过 {fees.perCaseFreeUpTo} 件{freePages ? `，或者所需信息超过 ${freePages} 页` : ''}的，可能收取信息处理费。
          收到收费通知后，请在 {wd(clock.feePaymentDays)}内缴纳，可在个人空间上传缴费凭证或填写交易流水号；逾期未缴纳的，视为放弃申请（国办函〔2020〕109号）。
        </li>
        <li>
          <strong>查看结果。</strong>补正通知、收费通知和答复告知书都会送达您的<a href="/space/applications">个人空间“我的申请”</a>，也会按您留下的电子邮箱发送。
        </li>
      </ol>

      <h2>其他申请方式</h2>
      <p>您也可以通过信函、传真或者当面提交书面申请；书写确有困难的，可以口头提出，由工作人员代为填写。</p>
      <ul>
        <li>地址：{site.footer.address}</li>
        <li>电话：{site.footer.phone}</li>
        {site.footer.email ? <li>电子邮箱：{site.footer.email}</li> : null}
      </ul>
      <p>信函申请以本机关签收之日为收到申请的日期；当面申请以提交之日为收到申请的日期（条例第三十一条）。</p>

      <h2>救济途径</h2>
      <p>您认为本机关在政府信息公开工作中侵犯您合法权益的，可以依法申请行政复议或者提起行政诉讼（条例第五十一条）。</p>
    </>
  );
}
