import type { ReplyType } from '../applications.vocabulary.js';

/*
 * The default 答复口径 for every reply type (the rows of table 3 of the annual report), under
 * 《中华人民共和国政府信息公开条例》（2019年修订，国务院令第711号）. A site uses these until its
 * disclosure office edits one (reply_templates holds only edited rows).
 *
 * Each body follows the letter's salutation; the letter adds the released records, the remedy
 * sentence, the contact, the agency and the date. `basis` is the legal basis shown to staff;
 * `guidance` tells the handler what to put in {{detail}} or when to choose another type.
 *
 * [check] marks wording that rests on practice rather than an explicit article:
 * - unavailable_unclear_after_correction: 条例 has no article for "still unclear after 补正";
 *   practice cites 第二十九条第二款第（二）项 with 第三十条.
 * - not_processed_confirmation: no explicit article; practice cites 第二条 (definition of 政府信息)
 *   and 第三十八条 (only information already made or obtained is provided).
 * - other_fee_unpaid: the deadline rule is in 《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）;
 *   its article number is deliberately not cited.
 */

const REG = '《中华人民共和国政府信息公开条例》';
const OPENING = '本机关于{{receivedOn}}收到您提出的政府信息公开申请（申请编号：{{number}}），您申请获取“{{description}}”。现答复如下：';

export interface DefaultReplyTemplate {
  title: string;
  body: string;
  basis: string;
  guidance: string;
}

const t = (title: string, basis: string, text: string, guidance: string): DefaultReplyTemplate => ({ title, basis, body: `${OPENING}\n${text}`, guidance });

const withheld = (what: string, articles: string) =>
  `经审查，您申请获取的政府信息${what}。根据${REG}${articles}、第三十六条第（三）项的规定，本机关决定不予公开。`;

export const defaultReplyTemplates: Record<ReplyType, DefaultReplyTemplate> = {
  disclosed: t(
    '予以公开',
    '条例第三十六条第（二）项（已主动公开的：第三十六条第（一）项）',
    `经审查，您申请获取的政府信息属于可以公开的政府信息。根据${REG}第三十六条第（二）项的规定，本机关决定予以公开，现按照您要求的“{{deliveryForm}}”方式向您提供，详见所附信息清单。`,
    '信息已经主动公开的，改写为告知获取该信息的方式、途径（第三十六条第（一）项）。',
  ),
  partly_disclosed: t(
    '部分公开',
    '条例第三十七条、第三十六条第（二）项和第（三）项',
    `经审查，您申请获取的政府信息中含有不应当公开的内容，但是能够作区分处理。根据${REG}第三十七条的规定，本机关向您提供可以公开的政府信息内容，详见所附信息清单；对不予公开的内容，理由如下：{{detail}}`,
    '在“具体说明”中写明不予公开的内容及其依据（如第十四条、第十五条、第十六条）。',
  ),
  withheld_state_secret: t(
    '不予公开（属于国家秘密）',
    '条例第十四条、第三十六条第（三）项',
    withheld('属于依法确定为国家秘密的政府信息', '第十四条'),
    '须有定密依据；部分涉密而能够区分处理的，选择“部分公开”。',
  ),
  withheld_prohibited_by_law: t(
    '不予公开（其他法律行政法规禁止公开）',
    '条例第十四条、第三十六条第（三）项',
    `${withheld('属于法律、行政法规禁止公开的政府信息', '第十四条')}禁止公开的具体依据为：{{detail}}`,
    '在“具体说明”中写明禁止公开的法律、行政法规名称及条款。',
  ),
  withheld_three_securities: t(
    '不予公开（危及“三安全一稳定”）',
    '条例第十四条、第三十六条第（三）项',
    withheld('公开后可能危及国家安全、公共安全、经济安全、社会稳定', '第十四条'),
    '应有书面审查意见在案。',
  ),
  withheld_third_party: t(
    '不予公开（保护第三方合法权益）',
    '条例第十五条、第三十二条、第三十六条第（三）项',
    `经审查，您申请获取的政府信息涉及{{detail}}，公开会对第三方合法权益造成损害。本机关已依照${REG}第三十二条的规定书面征求第三方意见，并认为不公开不会对公共利益造成重大影响。根据${REG}第十五条、第三十六条第（三）项的规定，本机关决定不予公开。`,
    '在“具体说明”中写明涉及的商业秘密、个人隐私等情形；第三方同意公开或不公开会对公共利益造成重大影响的，应予公开。',
  ),
  withheld_internal_affairs: t(
    '不予公开（属于三类内部事务信息）',
    '条例第十六条第一款、第三十六条第（三）项',
    withheld('属于行政机关的内部事务信息（人事管理、后勤管理、内部工作流程等方面的信息）', '第十六条第一款'),
    '仅限人事管理、后勤管理、内部工作流程三类；对外产生影响的不属于内部事务信息。',
  ),
  withheld_process_info: t(
    '不予公开（属于四类过程性信息）',
    '条例第十六条第二款、第三十六条第（三）项',
    withheld('属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息', '第十六条第二款'),
    '法律、法规、规章规定上述信息应当公开的，从其规定；已成为行政行为依据的，一般不再属于过程性信息。',
  ),
  withheld_enforcement_file: t(
    '不予公开（属于行政执法案卷）',
    '条例第十六条第二款、第三十六条第（三）项',
    withheld('属于行政执法案卷信息', '第十六条第二款'),
    '法律、法规、规章规定应当公开的，从其规定；当事人查阅案卷依有关程序规定办理。',
  ),
  withheld_administrative_query: t(
    '不予公开（属于行政查询事项）',
    '条例第三十六条第（七）项',
    `经审查，您申请获取的信息属于{{detail}}，有关法律、行政法规对该信息的获取有特别规定。根据${REG}第三十六条第（七）项的规定，请您依照有关法律、行政法规的规定办理。`,
    '在“具体说明”中写明信息类别（如工商登记资料、不动产登记资料）及查询的依据和途径。',
  ),
  unavailable_not_held: t(
    '无法提供（本机关不掌握相关政府信息）',
    '条例第三十六条第（四）项（不属于本机关负责公开的：第三十六条第（五）项）',
    `经检索，本机关没有制作或者获取您所申请公开的政府信息，该政府信息不存在。根据${REG}第三十六条第（四）项的规定，特此告知。`,
    '信息不属于本机关负责公开但能够确定负责机关的，改写为告知该机关的名称、联系方式（第三十六条第（五）项）。',
  ),
  unavailable_needs_creation: t(
    '无法提供（没有现成信息需要另行制作）',
    '条例第三十八条',
    `经审查，本机关没有您所申请的现成信息，提供该信息需要本机关对现有政府信息进行加工、分析。根据${REG}第三十八条的规定，本机关不予提供。`,
    '能够通过区分处理提供的，不适用本项（第三十七条）。',
  ),
  unavailable_unclear_after_correction: t(
    '无法提供（补正后申请内容仍不明确）',
    '条例第二十九条第二款第（二）项、第三十条 [check]',
    `本机关已于{{correctionRequestedOn}}向您发出补正通知，一次性告知了需要补正的事项。您提交的补正材料仍未能写明所需政府信息的名称、文号或者便于本机关查询的其他特征性描述，本机关无法据此确定您所申请的政府信息。根据${REG}第二十九条第二款第（二）项、第三十条的规定，本机关无法向您提供。`,
    '补正通知须在收到申请之日起7个工作日内一次性发出。',
  ),
  not_processed_petition: t(
    '不予处理（信访举报投诉类申请）',
    '条例第三十九条第一款',
    `经审查，您的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动。根据${REG}第三十九条第一款的规定，本机关不作为政府信息公开申请处理，您可以通过以下渠道提出：{{detail}}`,
    '在“具体说明”中写明信访、投诉、举报的受理渠道。',
  ),
  not_processed_repeated: t(
    '不予处理（重复申请）',
    '条例第三十六条第（六）项',
    `经审查，本机关已就您提出的相同政府信息公开申请作出答复（{{detail}}），您本次申请公开的政府信息与前次相同。根据${REG}第三十六条第（六）项的规定，本机关不予重复处理。`,
    '在“具体说明”中写明前次申请的编号和答复日期（系统会列出同一申请人内容相近的既往申请）。',
  ),
  not_processed_publication: t(
    '不予处理（要求提供公开出版物）',
    '条例第三十九条第二款',
    `经审查，您申请获取的是政府公报、报刊、书籍等公开出版物。根据${REG}第三十九条第二款的规定，本机关告知您获取的途径：{{detail}}`,
    '在“具体说明”中写明出版物名称及获取途径（如图书馆、书店、政府网站）。',
  ),
  not_processed_excessive: t(
    '不予处理（无正当理由大量反复申请）',
    '条例第三十五条',
    `您申请公开政府信息的数量、频次明显超过合理范围，本机关已要求您说明理由。经审查，本机关认为您的申请理由不合理。根据${REG}第三十五条的规定，本机关不予处理。`,
    '须先要求申请人说明理由；理由合理但无法按期答复的，应确定延迟答复的合理期限并告知，而不是不予处理。',
  ),
  not_processed_confirmation: t(
    '不予处理（要求行政机关确认或重新出具已获取信息）',
    '条例第二条、第三十八条 [check]',
    `经审查，您的申请是要求本机关对您已经获取的信息予以确认或者重新出具，不属于申请获取本机关已经制作或者获取的政府信息。根据${REG}第二条、第三十八条的规定，本机关不作为政府信息公开申请处理。`,
    '本项依据为实务通行做法，法规没有专门条款；如上级有统一口径，按上级口径修改。',
  ),
  other_no_correction: t(
    '其他处理（申请人无正当理由逾期不补正）',
    '条例第三十条',
    `本机关已于{{correctionRequestedOn}}向您发出补正通知，请您于{{correctionDeadline}}前补正。您无正当理由逾期未补正，根据${REG}第三十条的规定，视为放弃申请，本机关不再处理该政府信息公开申请。`,
    '申请人有正当理由逾期的，不适用本项。',
  ),
  other_fee_unpaid: t(
    '其他处理（申请人逾期未缴纳信息处理费）',
    '条例第四十二条；《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）',
    `本机关已于{{feeNoticeOn}}向您发出收费通知，请您于{{paymentDeadline}}前缴纳信息处理费。您逾期未缴纳，根据${REG}第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号印发）的规定，视为放弃申请，本机关不再处理该政府信息公开申请。`,
    '缴费期限为申请人收到收费通知次日起20个工作日。',
  ),
  other_other: t(
    '其他处理（其他）',
    '依具体情形，由承办人在“具体说明”中写明所依据的条款',
    '经审查，本机关对您的申请作如下处理：{{detail}}',
    '在“具体说明”中写明处理结果、理由及所依据的法律法规条款。',
  ),
};
